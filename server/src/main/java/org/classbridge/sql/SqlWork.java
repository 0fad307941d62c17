package org.classbridge.sql;

import java.sql.SQLException;

/**
 * Blocking work inside one transaction (or one read-only connection); runs on a SQL worker thread,
 * never the event loop. It may run more than once when the database asks for a retry (lock timeout,
 * deadlock, serialization failure), so it must not have effects outside the transaction: use {@link
 * Tx#afterCommit} for those.
 */
@FunctionalInterface
public interface SqlWork<T> {
  T run(Tx tx) throws SQLException;
}
