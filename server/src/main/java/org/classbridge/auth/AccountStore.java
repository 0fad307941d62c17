package org.classbridge.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.common.Language;
import org.classbridge.common.Wire;
import org.classbridge.identity.Role;
import org.classbridge.sql.Sql;
import org.classbridge.sql.Tx;

/** The SQL of accounts: the only code that reads or writes {@code app_user}. */
final class AccountStore {
  private static final String COLUMNS =
      "id, username, display_name, role, school_id, preferred_language, origin, created_at";

  private static final String INSERT =
      "insert into app_user (id, username, display_name, role, school_id, password_hash,"
          + " preferred_language, origin, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** An account row with its stored password hash, for login only. */
  record Credential(Account account, String passwordHash) {}

  /** Which accounts to list; absent fields do not filter. */
  record Filter(Optional<Role> role, Optional<UUID> schoolId) {}

  void insert(Tx c, Account a, String passwordHash) throws SQLException {
    c.update(
        INSERT,
        a.id(),
        a.username(),
        a.displayName(),
        a.role(),
        a.schoolId().orElse(null),
        passwordHash,
        a.language().tag(),
        a.origin(),
        a.createdAt());
  }

  Optional<Credential> credential(Tx c, String username) throws SQLException {
    return c.one(
        "select " + COLUMNS + ", password_hash from app_user where username = ?",
        rs -> new Credential(map(rs), rs.getString("password_hash")),
        username.toLowerCase(Locale.ROOT));
  }

  Optional<Account> byId(Tx c, UUID id) throws SQLException {
    return c.one("select " + COLUMNS + " from app_user where id = ?", AccountStore::map, id);
  }

  List<Account> byUsernames(Tx c, List<String> usernames) throws SQLException {
    return byColumnIn(c, "username", usernames);
  }

  List<Account> byIds(Tx c, List<UUID> ids) throws SQLException {
    return byColumnIn(c, "id", ids);
  }

  private List<Account> byColumnIn(Tx c, String column, List<?> values) throws SQLException {
    List<Account> out = new ArrayList<>();
    for (List<?> chunk : Sql.chunks(values)) {
      out.addAll(
          c.list(
              "select "
                  + COLUMNS
                  + " from app_user where "
                  + column
                  + " in ("
                  + Sql.marks(chunk)
                  + ")",
              AccountStore::map,
              chunk.toArray()));
    }
    return out;
  }

  List<Account> list(Tx c, Filter f, int limit) throws SQLException {
    StringBuilder sql = new StringBuilder("select " + COLUMNS + " from app_user where 1 = 1");
    List<Object> params = new ArrayList<>();
    f.role()
        .ifPresent(
            r -> {
              sql.append(" and role = ?");
              params.add(r);
            });
    f.schoolId()
        .ifPresent(
            s -> {
              sql.append(" and school_id = ?");
              params.add(s);
            });
    sql.append(" order by username limit ?");
    params.add(limit);
    return c.list(sql.toString(), AccountStore::map, params.toArray());
  }

  void updatePasswordHash(Tx c, UUID id, String hash) throws SQLException {
    c.update("update app_user set password_hash = ? where id = ?", hash, id);
  }

  long countByOrigin(Tx c, AccountOrigin origin) throws SQLException {
    return c.count("select count(*) from app_user where origin = ?", origin);
  }

  private static Account map(ResultSet rs) throws SQLException {
    return new Account(
        Sql.uuid(rs, "id"),
        rs.getString("username"),
        rs.getString("display_name"),
        Role.fromId(rs.getString("role")),
        Optional.ofNullable(Sql.uuid(rs, "school_id")),
        Language.fromTag(rs.getString("preferred_language")),
        Wire.require(AccountOrigin.class, rs.getString("origin")),
        toInstant(rs));
  }

  private static Instant toInstant(ResultSet rs) throws SQLException {
    return Sql.instant(rs, "created_at");
  }
}
