package org.classbridge.schedule;

import java.util.HashMap;
import java.util.Map;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.testing.Api;
import org.classbridge.testing.PostgresSchema;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * {@link CalendarFeedContract} on PostgreSQL: the same requests and answers as on H2 (skipped, and
 * saying so, without CLASSBRIDGE_TEST_PG_URL).
 */
class PostgresCalendarFeedTest extends CalendarFeedContract {
  static PostgresSchema schema;

  @BeforeAll
  static void start() throws Exception {
    schema = PostgresSchema.createOrSkip("PostgresCalendarFeedTest");
    Map<Setting, String> settings = new HashMap<>(Map.of());
    settings.put(Setting.DB_URL, schema.url());
    app = Classbridge.start(TestApp.config(data, settings), CLOCK);
    api = new Api(app.port());
    demo = new DemoGroup(api);
  }

  @AfterAll
  static void dropSchema() {
    stop();
    try {
      if (schema != null) {
        schema.close();
      }
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
