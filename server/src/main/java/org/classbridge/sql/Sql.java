package org.classbridge.sql;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.classbridge.common.Problem;

/** Reading column values the same way on H2 and PostgreSQL, and classifying SQL errors. */
public final class Sql {
  /** Lock wait timeouts: H2's {@code HYT00}, PostgreSQL's {@code 55P03} (lock_not_available). */
  static final Set<String> LOCK_TIMEOUT_STATES = Set.of("HYT00", "55P03");

  /** Deadlock ({@code 40P01}; H2 reports deadlocks as {@code 40001}) and serialization failure. */
  static final Set<String> CONFLICT_STATES = Set.of("40001", "40P01");

  private Sql() {}

  /** One statement (or a few) that may break a unique constraint. */
  @FunctionalInterface
  public interface Write {
    void run() throws SQLException;
  }

  /**
   * Runs {@code write}; a unique-constraint violation becomes {@code onDuplicate} (a 409 problem
   * naming what is taken) instead of an internal error. The one place this mapping is written.
   */
  public static void unique(Supplier<Problem> onDuplicate, Write write) throws SQLException {
    try {
      write.run();
    } catch (SQLException e) {
      if (isUniqueViolation(e)) {
        throw onDuplicate.get();
      }
      throw e;
    }
  }

  /** SQLSTATE 23505 on both H2 and PostgreSQL. */
  public static boolean isUniqueViolation(SQLException e) {
    return hasState(e, Set.of("23505"));
  }

  /** A lock wait that timed out, a deadlock or a serialization failure: running again may work. */
  public static boolean isContention(SQLException e) {
    return hasState(e, LOCK_TIMEOUT_STATES) || hasState(e, CONFLICT_STATES);
  }

  private static boolean hasState(SQLException e, Set<String> states) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof SQLException s
          && s.getSQLState() != null
          && states.contains(s.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** Most values in one {@code IN (...)} list: small enough for any driver and plan cache. */
  public static final int IN_CHUNK = 500;

  /**
   * {@code values} in slices of {@link #IN_CHUNK}, for {@code IN} lists: one query per slice
   * instead of one per value (the pattern for every batched lookup).
   */
  public static <T> List<List<T>> chunks(List<T> values) {
    List<List<T>> out = new ArrayList<>();
    for (int from = 0; from < values.size(); from += IN_CHUNK) {
      out.add(values.subList(from, Math.min(values.size(), from + IN_CHUNK)));
    }
    return out;
  }

  /** {@code ?, ?, ?}: one parameter mark per value. */
  public static String marks(List<?> values) {
    return String.join(", ", Collections.nCopies(values.size(), "?"));
  }

  public static UUID uuid(ResultSet rs, String column) throws SQLException {
    return rs.getObject(column, UUID.class);
  }

  public static Instant instant(ResultSet rs, String column) throws SQLException {
    OffsetDateTime t = rs.getObject(column, OffsetDateTime.class);
    return t == null ? null : t.toInstant();
  }
}
