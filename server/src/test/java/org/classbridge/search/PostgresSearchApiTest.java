package org.classbridge.search;

import java.util.Map;
import org.classbridge.app.Setting;
import org.classbridge.testing.Api;
import org.classbridge.testing.PostgresSchema;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link SearchApiContract} on PostgreSQL (skipped, and saying so, without
 * CLASSBRIDGE_TEST_PG_URL).
 */
class PostgresSearchApiTest extends SearchApiContract {
  static PostgresSchema schema;

  @BeforeAll
  static void start() throws Exception {
    schema = PostgresSchema.createOrSkip("PostgresSearchApiTest");
    app = TestApp.start(data, Map.of(Setting.DB_URL, schema.url()));
    api = new Api(app.port());
    SearchTesting.awaitIndexed(api);
  }

  @AfterAll
  static void dropSchema() throws Exception {
    stop();
    if (schema != null) {
      schema.close();
    }
  }
}
