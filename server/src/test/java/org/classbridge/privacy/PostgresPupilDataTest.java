package org.classbridge.privacy;

import java.util.Map;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.testing.Api;
import org.classbridge.testing.PostgresSchema;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link PupilDataContract} on PostgreSQL (skipped, and saying so, without
 * CLASSBRIDGE_TEST_PG_URL).
 */
class PostgresPupilDataTest extends PupilDataContract {
  static PostgresSchema schema;

  @BeforeAll
  static void start() throws Exception {
    schema = PostgresSchema.createOrSkip("PostgresPupilDataTest");
    app = Classbridge.start(TestApp.config(data, Map.of(Setting.DB_URL, schema.url())), CLOCK);
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
