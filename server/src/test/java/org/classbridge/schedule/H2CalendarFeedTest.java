package org.classbridge.schedule;

import java.util.Map;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.testing.Api;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.BeforeAll;

/** {@link CalendarFeedContract} on the embedded H2 database. */
class H2CalendarFeedTest extends CalendarFeedContract {
  @BeforeAll
  static void start() throws Exception {
    Map<Setting, String> settings = Map.of();
    app = Classbridge.start(TestApp.config(data, settings), CLOCK);
    api = new Api(app.port());
    demo = new DemoGroup(api);
  }
}
