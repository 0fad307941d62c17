package org.classbridge.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;
import org.classbridge.common.Problem;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.exception.FlywayValidateException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The relational store behind every feature: one JDBC pool and one named worker pool of the same
 * size, so SQL never runs on the event loop and no worker ever waits for a connection.
 *
 * <p>Why JDBC and not a reactive driver: the same SQL text must run on H2 (embedded default) and
 * PostgreSQL (production), and only JDBC speaks both. Results come back as Vert.x {@link Future}s
 * on the caller's context.
 *
 * <p>Lock contention is part of the contract: every connection waits at most {@code
 * db.lock-timeout} for a row lock (set explicitly on both databases), a unit of work that hits a
 * lock timeout, deadlock or serialization failure is run again, and after {@value #MAX_ATTEMPTS}
 * attempts the caller gets 503 {@code database-busy} with Retry-After, never a 500.
 */
public final class Database implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Database.class);

  static final int MAX_ATTEMPTS = 3;

  private final HikariDataSource dataSource;
  private final WorkerExecutor workers;

  private Database(HikariDataSource dataSource, WorkerExecutor workers) {
    this.dataSource = dataSource;
    this.workers = workers;
  }

  /**
   * A migrated connection pool, not yet tied to Vert.x: blocking, and free of the event loop, so
   * start-up can run it on another thread while Vert.x itself starts.
   */
  public static final class Connected {
    private final HikariDataSource dataSource;

    private Connected(HikariDataSource dataSource) {
      this.dataSource = dataSource;
    }

    /** For a start-up that fails before the pool is handed to {@link #on}. */
    public void close() {
      dataSource.close();
    }
  }

  /**
   * Opens the JDBC pool and brings the schema up to date with the Flyway migrations; a new embedded
   * database starts from the build's template ({@link H2Template}).
   */
  public static Connected connect(DbConfig config, Optional<MeterRegistry> meters) {
    return connect(config, meters, H2Template.packed());
  }

  static Connected connect(
      DbConfig config, Optional<MeterRegistry> meters, Optional<URL> template) {
    Optional<Path> copied = template.flatMap(t -> H2Template.copyIfNew(config, t));
    try {
      Connected connected = open(config, meters);
      copied.ifPresent(f -> LOG.info("new database {}, from the build's template", f));
      return connected;
    } catch (FlywayValidateException e) {
      if (copied.isEmpty()) {
        throw e;
      }
      // the template is older than the migrations on the class path: start from empty instead
      LOG.warn(
          "the database template does not match this build's migrations; migrating from empty"
              + " ({})",
          e.getMessage().lines().findFirst().orElse(""));
      try {
        Files.delete(copied.get());
      } catch (IOException io) {
        throw new UncheckedIOException(io);
      }
      return open(config, meters);
    }
  }

  private static Connected open(DbConfig config, Optional<MeterRegistry> meters) {
    HikariConfig hc = new HikariConfig();
    hc.setJdbcUrl(config.url());
    if (!config.user().isEmpty()) {
      hc.setUsername(config.user());
    }
    if (!config.password().isEmpty()) {
      hc.setPassword(config.password());
    }
    hc.setMaximumPoolSize(config.poolSize());
    hc.setMinimumIdle(Math.min(2, config.poolSize()));
    hc.setPoolName("classbridge-sql");
    hc.setConnectionTimeout(Duration.ofSeconds(10).toMillis());
    hc.setAutoCommit(true);
    hc.setConnectionInitSql(lockTimeoutStatement(config));
    meters.ifPresent(hc::setMetricRegistry); // pool usage and wait times on /metrics
    HikariDataSource ds = new HikariDataSource(hc);
    try {
      migrate(ds);
    } catch (RuntimeException e) {
      ds.close();
      throw e;
    }
    return new Connected(ds);
  }

  /** Each new connection's row-lock wait, in the dialect of its database. */
  static String lockTimeoutStatement(DbConfig config) {
    long ms = config.lockTimeout().toMillis();
    if (config.url().startsWith("jdbc:postgresql:")) {
      return "set lock_timeout = " + ms;
    }
    return "set lock_timeout " + ms;
  }

  /** Puts a migrated pool behind a worker pool of the same size. */
  public static Database on(Vertx vertx, Connected connected) {
    int size = connected.dataSource.getMaximumPoolSize();
    WorkerExecutor workers =
        vertx.createSharedWorkerExecutor(
            "classbridge-sql-" + System.identityHashCode(connected.dataSource), size);
    return new Database(connected.dataSource, workers);
  }

  static void migrate(DataSource ds) {
    var result =
        Flyway.configure()
            .dataSource(ds)
            .locations("classpath:db/migration")
            .failOnMissingLocations(true)
            .load()
            .migrate();
    if (result.migrationsExecuted > 0) {
      LOG.info(
          "database schema migrated to version {} ({} migrations)",
          result.targetSchemaVersion,
          result.migrationsExecuted);
    }
  }

  /** Runs read-only work on a pooled connection in auto-commit mode. */
  public <T> Future<T> read(SqlWork<T> work) {
    return workers.executeBlocking(
        () -> {
          try (Connection c = dataSource.getConnection()) {
            c.setReadOnly(true);
            try {
              return work.run(new Tx(c, true));
            } finally {
              c.setReadOnly(false);
            }
          }
        },
        false);
  }

  /**
   * Runs work in one transaction: committed when it returns, rolled back when it throws. Lock
   * timeouts, deadlocks and serialization failures are retried (the work must not have side effects
   * outside the transaction; see {@link Tx#afterCommit}); when they persist the future fails with
   * 503 {@code database-busy}.
   */
  public <T> Future<T> transaction(SqlWork<T> work) {
    return workers.executeBlocking(() -> inTransaction(work), false);
  }

  private <T> T inTransaction(SqlWork<T> work) throws SQLException {
    for (int attempt = 1; ; attempt++) {
      Tx tx;
      T result;
      try (Connection c = dataSource.getConnection()) {
        c.setAutoCommit(false);
        tx = new Tx(c, false);
        try {
          result = work.run(tx);
          c.commit();
        } catch (SQLException | RuntimeException | Error e) {
          rollbackQuietly(c, e);
          if (e instanceof SQLException sql && Sql.isContention(sql)) {
            if (attempt < MAX_ATTEMPTS) {
              LOG.debug("retrying transaction after {} (attempt {})", sql.getSQLState(), attempt);
              continue;
            }
            LOG.warn("transaction gave up after {} attempts: {}", attempt, sql.getSQLState());
            throw Problem.unavailable(
                "database-busy",
                "others are changing the same records; try again in a moment",
                Duration.ofSeconds(1));
          }
          throw e;
        } finally {
          c.setAutoCommit(true);
        }
      }
      for (Runnable action : tx.committedActions()) {
        try {
          action.run();
        } catch (RuntimeException e) {
          LOG.warn("after-commit action failed (the transaction stands): {}", e.toString());
        }
      }
      return result;
    }
  }

  private static void rollbackQuietly(Connection c, Throwable cause) {
    try {
      c.rollback();
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }

  /** Answers when the database answers a trivial query within the pool's timeout. */
  public Future<Void> ping() {
    return workers.executeBlocking(
        () -> {
          try (Connection c = dataSource.getConnection()) {
            if (!c.isValid(2)) {
              throw new SQLException("connection is not valid");
            }
            return null;
          }
        },
        false);
  }

  @Override
  public void close() {
    workers.close();
    dataSource.close();
  }
}
