package org.classbridge.auth;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.common.Language;
import org.classbridge.common.Wire;
import org.classbridge.identity.Role;
import org.classbridge.sql.Sql;
import org.classbridge.sql.Tx;

/** The SQL of accounts: the only code that reads or writes {@code app_user}. */
final class AccountStore {
  private static final String COLUMNS =
      "id, username, display_name, role, school_id, preferred_language, origin, created_at,"
          + " active, must_change_password, version";

  private static final String INSERT =
      "insert into app_user (id, username, display_name, role, school_id, password_hash,"
          + " preferred_language, origin, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)";

  /** An account row with its stored password hash and token version, for login only. */
  record Credential(Account account, String passwordHash, int tokenVersion) {}

  /** What every request's token is checked against (see {@link AccountStates}). */
  record TokenState(boolean active, int tokenVersion, boolean mustChangePassword) {}

  /**
   * Which accounts to list; absent fields do not filter.
   *
   * @param roles empty means every role
   * @param schoolsIn when present, only accounts of these schools (a coordinator's group)
   * @param text part of a username or display name, case-insensitive
   */
  record Filter(
      Set<Role> roles,
      Optional<UUID> schoolId,
      Optional<List<UUID>> schoolsIn,
      Optional<String> text,
      Optional<Boolean> active) {}

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
        "select " + COLUMNS + ", password_hash, token_version from app_user where username = ?",
        rs -> new Credential(map(rs), rs.getString("password_hash"), rs.getInt("token_version")),
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

  List<Account> list(Tx c, Filter f, int offset, int limit) throws SQLException {
    StringBuilder sql = new StringBuilder("select " + COLUMNS + " from app_user where 1 = 1");
    List<Object> params = new ArrayList<>();
    if (!f.roles().isEmpty()) {
      sql.append(" and role in (").append(Sql.marks(List.copyOf(f.roles()))).append(")");
      params.addAll(f.roles());
    }
    f.schoolId()
        .ifPresent(
            s -> {
              sql.append(" and school_id = ?");
              params.add(s);
            });
    if (f.schoolsIn().isPresent()) {
      List<UUID> schools = f.schoolsIn().get();
      if (schools.isEmpty()) {
        return List.of();
      }
      sql.append(" and school_id in (").append(Sql.marks(schools)).append(")");
      params.addAll(schools);
    }
    f.text()
        .ifPresent(
            t -> {
              sql.append(" and (username like ? or lower(display_name) like ?)");
              String like = "%" + escapeLike(t.toLowerCase(Locale.ROOT)) + "%";
              params.add(like);
              params.add(like);
            });
    f.active()
        .ifPresent(
            a -> {
              sql.append(" and active = ?");
              params.add(a);
            });
    sql.append(" order by username limit ? offset ?");
    params.add(limit);
    params.add(offset);
    return c.list(sql.toString(), AccountStore::map, params.toArray());
  }

  /** LIKE's own characters taken literally (the default escape is a backslash on both). */
  private static String escapeLike(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  /** A stronger hash of the same password (the login upgrade): not a change of password. */
  void updatePasswordHash(Tx c, UUID id, String hash) throws SQLException {
    c.update("update app_user set password_hash = ? where id = ?", hash, id);
  }

  Optional<TokenState> tokenState(Tx c, UUID id) throws SQLException {
    return c.one(
        "select active, token_version, must_change_password from app_user where id = ?",
        rs ->
            new TokenState(
                rs.getBoolean("active"),
                rs.getInt("token_version"),
                rs.getBoolean("must_change_password")),
        id);
  }

  Optional<String> passwordHash(Tx c, UUID id) throws SQLException {
    return c.one("select password_hash from app_user where id = ?", rs -> rs.getString(1), id);
  }

  /**
   * A new password: every token issued before stops working ({@code token_version} + 1).
   *
   * @return rows changed (0 when {@code expectedVersion} is stale)
   */
  int setPassword(Tx c, UUID id, String hash, boolean mustChange, Instant now) throws SQLException {
    return c.update(
        "update app_user set password_hash = ?, must_change_password = ?,"
            + " token_version = token_version + 1, version = version + 1, updated_at = ?"
            + " where id = ?",
        hash,
        mustChange,
        now,
        id);
  }

  /** Ends every token of the account, nothing else. */
  int revokeTokens(Tx c, UUID id) throws SQLException {
    return c.update("update app_user set token_version = token_version + 1 where id = ?", id);
  }

  /** The account row, locked until the transaction ends: the base of an update. */
  Optional<Account> lockById(Tx c, UUID id) throws SQLException {
    return c.one(
        "select " + COLUMNS + " from app_user where id = ? for update", AccountStore::map, id);
  }

  /**
   * Writes the changed account if it is still at {@code expectedVersion}; deactivation also ends
   * its tokens.
   *
   * @return rows changed (0 when someone changed it first)
   */
  int update(Tx c, Account changed, int expectedVersion, boolean revokeTokens, Instant now)
      throws SQLException {
    return c.update(
        "update app_user set display_name = ?, role = ?, school_id = ?, preferred_language = ?,"
            + " active = ?, version = version + 1, updated_at = ?,"
            + " token_version = token_version + ? where id = ? and version = ?",
        changed.displayName(),
        changed.role(),
        changed.schoolId().orElse(null),
        changed.language().tag(),
        changed.active(),
        now,
        revokeTokens ? 1 : 0,
        changed.id(),
        expectedVersion);
  }

  long countActiveAdmins(Tx c) throws SQLException {
    return c.count("select count(*) from app_user where role = 'admin' and active = true");
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
        toInstant(rs),
        rs.getBoolean("active"),
        rs.getBoolean("must_change_password"),
        rs.getInt("version"));
  }

  private static Instant toInstant(ResultSet rs) throws SQLException {
    return Sql.instant(rs, "created_at");
  }
}
