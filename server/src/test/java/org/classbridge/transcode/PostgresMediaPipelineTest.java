package org.classbridge.transcode;

import java.util.Map;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.testing.Api;
import org.classbridge.testing.Library;
import org.classbridge.testing.PostgresSchema;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link MediaPipelineContract} on PostgreSQL (skipped, and saying so, without
 * CLASSBRIDGE_TEST_PG_URL).
 */
class PostgresMediaPipelineTest extends MediaPipelineContract {
  static PostgresSchema schema;

  @BeforeAll
  static void start() throws Exception {
    schema = PostgresSchema.createOrSkip("PostgresMediaPipelineTest");
    app =
        Classbridge.start(
            TestApp.config(
                data, Map.of(Setting.MEDIA_CONCURRENCY, "1", Setting.DB_URL, schema.url())),
            CLOCK);
    api = new Api(app.port());
    library = new Library(api);
  }

  @AfterAll
  static void dropSchema() throws Exception {
    stop();
    if (schema != null) {
      schema.close();
    }
  }
}
