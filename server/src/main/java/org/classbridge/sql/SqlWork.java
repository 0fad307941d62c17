package org.classbridge.sql;

import java.sql.Connection;
import java.sql.SQLException;

/** Blocking work on one JDBC connection; runs on a SQL worker thread, never the event loop. */
@FunctionalInterface
public interface SqlWork<T> {
  T run(Connection connection) throws SQLException;
}
