package org.classbridge.catalogue;

import java.util.Map;
import org.classbridge.app.Setting;
import org.classbridge.testing.Api;
import org.classbridge.testing.PostgresSchema;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link CatalogueApiContract} on PostgreSQL (skipped, and saying so, without
 * CLASSBRIDGE_TEST_PG_URL).
 */
class PostgresCatalogueApiTest extends CatalogueApiContract {
  static PostgresSchema schema;

  @BeforeAll
  static void start() throws Exception {
    schema = PostgresSchema.createOrSkip("PostgresCatalogueApiTest");
    app = TestApp.start(data, Map.of(Setting.DB_URL, schema.url()));
    api = new Api(app.port());
  }

  @AfterAll
  static void dropSchema() throws Exception {
    stop();
    if (schema != null) {
      schema.close();
    }
  }
}
