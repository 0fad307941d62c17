package org.classbridge.testing;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh schema in the PostgreSQL named by {@code CLASSBRIDGE_TEST_PG_URL} (a JDBC URL, e.g.
 * {@code jdbc:postgresql://127.0.0.1:5432/test?user=postgres}), dropped again afterwards, so runs
 * never see each other's rows. Without the variable the calling test is skipped, and says so loudly
 * on the console.
 */
public final class PostgresSchema implements AutoCloseable {
  public static final String VARIABLE = "CLASSBRIDGE_TEST_PG_URL";

  private final String baseUrl;
  private final String schema;

  private PostgresSchema(String baseUrl, String schema) {
    this.baseUrl = baseUrl;
    this.schema = schema;
  }

  public static PostgresSchema createOrSkip(String testName) {
    String url = System.getenv(VARIABLE);
    if (url == null || url.isBlank()) {
      String message =
          "SKIPPED on PostgreSQL: "
              + testName
              + " ran on H2 only, because "
              + VARIABLE
              + " is not set (.ci/run sets it for the PostgreSQL on 127.0.0.1:5432)";
      System.err.println("\n*** " + message + " ***\n");
      Assumptions.abort(message);
    }
    String schema = "cbtest_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    try (Connection c = DriverManager.getConnection(url);
        Statement s = c.createStatement()) {
      s.execute("create schema " + schema);
    } catch (SQLException e) {
      throw new AssertionError(
          VARIABLE + " is set but PostgreSQL did not answer: " + e.getMessage(), e);
    }
    return new PostgresSchema(url, schema);
  }

  /** The JDBC URL with this schema as the current one. */
  public String url() {
    return baseUrl + (baseUrl.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }

  @Override
  public void close() throws SQLException {
    try (Connection c = DriverManager.getConnection(baseUrl);
        Statement s = c.createStatement()) {
      s.execute("drop schema " + schema + " cascade");
    }
  }
}
