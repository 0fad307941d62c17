package org.classbridge.schedule;

import java.util.Map;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.testing.Api;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.BeforeAll;

/** {@link ClassDayApiContract} on the embedded H2 database. */
class H2ClassDayApiTest extends ClassDayApiContract {
  @BeforeAll
  static void start() throws Exception {
    Map<Setting, String> settings = Map.of(Setting.JITSI_RESERVATIONS_TOKEN, SECRET);
    app = Classbridge.start(TestApp.config(data, settings), CLOCK);
    api = new Api(app.port());
    demo = new DemoGroup(api);
  }
}
