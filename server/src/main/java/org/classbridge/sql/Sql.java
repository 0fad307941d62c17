package org.classbridge.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Small JDBC helpers shared by every feature's store. Parameters are bound by type so the same
 * statement text works on H2 and PostgreSQL: instants as {@code TIMESTAMP WITH TIME ZONE} in UTC,
 * UUIDs natively, enums by their lower-case name.
 */
public final class Sql {
  private Sql() {}

  /** Maps the current row of a result set. */
  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  public static <T> List<T> list(Connection c, String sql, RowMapper<T> mapper, Object... params)
      throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      try (ResultSet rs = ps.executeQuery()) {
        List<T> out = new ArrayList<>();
        while (rs.next()) {
          out.add(mapper.map(rs));
        }
        return out;
      }
    }
  }

  public static <T> Optional<T> one(Connection c, String sql, RowMapper<T> mapper, Object... params)
      throws SQLException {
    List<T> rows = list(c, sql, mapper, params);
    if (rows.size() > 1) {
      throw new SQLException("expected at most one row, got " + rows.size() + ": " + sql);
    }
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  public static long count(Connection c, String sql, Object... params) throws SQLException {
    return one(c, sql, rs -> rs.getLong(1), params).orElse(0L);
  }

  public static int update(Connection c, String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      bind(ps, params);
      return ps.executeUpdate();
    }
  }

  /** SQLSTATE 23505 on both H2 and PostgreSQL. */
  public static boolean isUniqueViolation(SQLException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s && "23505".equals(s.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  public static UUID uuid(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, UUID.class);
  }

  public static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }

  private static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      int index = i + 1;
      switch (p) {
        case null -> ps.setObject(index, null);
        case Instant t -> ps.setObject(index, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
        case Timestamp t -> ps.setTimestamp(index, t);
        case Enum<?> e -> ps.setString(index, e.name().toLowerCase(java.util.Locale.ROOT));
        default -> ps.setObject(index, p);
      }
    }
  }
}
