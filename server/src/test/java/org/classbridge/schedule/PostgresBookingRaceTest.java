package org.classbridge.schedule;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.testing.PostgresSchema;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The booking race on PostgreSQL (skipped, and saying so, without CLASSBRIDGE_TEST_PG_URL). */
class PostgresBookingRaceTest extends BookingRaceContract {
  @TempDir static Path data;
  static PostgresSchema schema;

  @BeforeAll
  static void start() throws Exception {
    schema = PostgresSchema.createOrSkip("PostgresBookingRaceTest");
    open(
        Classbridge.start(
            TestApp.config(data, Map.of(Setting.DB_URL, schema.url())), Clock.systemUTC()));
  }

  @AfterAll
  static void dropSchema() throws Exception {
    close();
    if (schema != null) {
      schema.close();
    }
  }
}
