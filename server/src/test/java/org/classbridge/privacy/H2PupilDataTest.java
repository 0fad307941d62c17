package org.classbridge.privacy;

import java.util.Map;
import org.classbridge.app.Classbridge;
import org.classbridge.testing.Api;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.BeforeAll;

/** {@link PupilDataContract} on H2. */
class H2PupilDataTest extends PupilDataContract {
  @BeforeAll
  static void start() throws Exception {
    app = Classbridge.start(TestApp.config(data, Map.of()), CLOCK);
    api = new Api(app.port());
  }
}
