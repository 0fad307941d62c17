package org.classbridge.sql;

import java.time.Duration;
import java.util.Objects;

/**
 * How to reach the relational store. Keys and defaults are documented in the application's setting
 * table ({@code db.*}); this record is what the {@code sql} package reads, and nothing more.
 *
 * @param url always set: an empty {@code db.url} becomes the H2 file database in the data dir
 * @param lockTimeout how long a statement waits for a row lock before the database gives up; set
 *     explicitly on both backends (H2's own default is about 2 s, PostgreSQL's is forever), and a
 *     timeout is retried, then answered 503 {@code database-busy}
 */
public record DbConfig(
    String url, String user, String password, int poolSize, Duration lockTimeout) {
  /** The lock wait when none is configured: long enough for a booking, short for a request. */
  public static final Duration DEFAULT_LOCK_TIMEOUT = Duration.ofSeconds(5);

  public DbConfig {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    Objects.requireNonNull(lockTimeout, "lockTimeout");
    if (poolSize < 1) {
      throw new IllegalArgumentException("poolSize >= 1");
    }
    if (lockTimeout.isNegative() || lockTimeout.isZero()) {
      throw new IllegalArgumentException("lockTimeout > 0");
    }
  }

  public DbConfig(String url, String user, String password, int poolSize) {
    this(url, user, password, poolSize, DEFAULT_LOCK_TIMEOUT);
  }

  @Override
  public String toString() {
    // never the password
    return "DbConfig[url=" + url + ", user=" + user + ", poolSize=" + poolSize + "]";
  }
}
