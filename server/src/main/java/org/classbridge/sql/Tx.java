package org.classbridge.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.classbridge.common.Wire;

/**
 * One unit of work on the database: a use case opens it once ({@link Database#transaction}) and
 * hands it to every store it calls, so the work of two features commits together or not at all
 * without a raw {@link Connection} ever crossing a feature boundary.
 *
 * <p>Parameters are bound by type so one statement text works on H2 and PostgreSQL: instants as
 * {@code TIMESTAMP WITH TIME ZONE} in UTC, UUIDs natively, enums by their {@link Wire} id.
 *
 * <p>Usage protocol: a {@code Tx} is valid only inside the {@link SqlWork} it was given to, on that
 * worker thread. Do not keep it, and do not pass it to another thread.
 */
public final class Tx {
  private final Connection connection;
  private final boolean readOnly;
  private final List<Runnable> afterCommit = new ArrayList<>();

  Tx(Connection connection, boolean readOnly) {
    this.connection = connection;
    this.readOnly = readOnly;
  }

  /** Maps the current row of a result set. */
  @FunctionalInterface
  public interface RowMapper<T> {
    T map(ResultSet rs) throws SQLException;
  }

  public <T> List<T> list(String sql, RowMapper<T> mapper, Object... params) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
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

  public <T> Optional<T> one(String sql, RowMapper<T> mapper, Object... params)
      throws SQLException {
    List<T> rows = list(sql, mapper, params);
    if (rows.size() > 1) {
      throw new SQLException("expected at most one row, got " + rows.size() + ": " + sql);
    }
    return rows.isEmpty() ? Optional.empty() : Optional.of(rows.get(0));
  }

  public long count(String sql, Object... params) throws SQLException {
    return one(sql, rs -> rs.getLong(1), params).orElse(0L);
  }

  public int update(String sql, Object... params) throws SQLException {
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      bind(ps, params);
      return ps.executeUpdate();
    }
  }

  /**
   * One statement, many parameter rows, sent in JDBC batches of {@value #BATCH}: a series of
   * hundreds of rows costs a few round trips, not one per row.
   *
   * @return rows changed per parameter row
   */
  public int[] batch(String sql, List<Object[]> rows) throws SQLException {
    int[] changed = new int[rows.size()];
    try (PreparedStatement ps = connection.prepareStatement(sql)) {
      int done = 0;
      for (int i = 0; i < rows.size(); i++) {
        bind(ps, rows.get(i));
        ps.addBatch();
        if ((i + 1) % BATCH == 0 || i == rows.size() - 1) {
          int[] part = ps.executeBatch();
          System.arraycopy(part, 0, changed, done, part.length);
          done += part.length;
        }
      }
    }
    return changed;
  }

  /** Rows per JDBC batch: large enough to save round trips, small enough for any driver. */
  static final int BATCH = 500;

  /**
   * Runs {@code action} once this transaction has committed (never on rollback or retry): the place
   * for EventBus announcements about what was just written.
   */
  public void afterCommit(Runnable action) {
    if (readOnly) {
      throw new IllegalStateException("a read-only unit of work commits nothing");
    }
    afterCommit.add(action);
  }

  List<Runnable> committedActions() {
    return afterCommit;
  }

  /** Now, to the microsecond both databases store, so a value reads back equal to itself. */
  public static Instant now(Clock clock) {
    return clock.instant().truncatedTo(ChronoUnit.MICROS);
  }

  private static void bind(PreparedStatement ps, Object... params) throws SQLException {
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      int index = i + 1;
      switch (p) {
        case null -> ps.setObject(index, null);
        case Instant t -> ps.setObject(index, OffsetDateTime.ofInstant(t, ZoneOffset.UTC));
        case Timestamp t -> ps.setTimestamp(index, t);
        case Enum<?> e -> ps.setString(index, Wire.id(e));
        default -> ps.setObject(index, p);
      }
    }
  }
}
