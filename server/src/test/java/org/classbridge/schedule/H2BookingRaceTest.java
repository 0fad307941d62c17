package org.classbridge.schedule;

import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.classbridge.app.Classbridge;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;

/** The booking race on the embedded H2 database. */
class H2BookingRaceTest extends BookingRaceContract {
  @TempDir static Path data;

  @BeforeAll
  static void start() throws Exception {
    open(Classbridge.start(TestApp.config(data, Map.of()), Clock.systemUTC()));
  }
}
