package org.classbridge.transcode;

import java.util.Map;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.testing.Api;
import org.classbridge.testing.Library;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.BeforeAll;

/** {@link MediaPipelineContract} on H2 and the local blob store. */
class H2MediaPipelineTest extends MediaPipelineContract {
  @BeforeAll
  static void start() throws Exception {
    app = Classbridge.start(TestApp.config(data, Map.of(Setting.MEDIA_CONCURRENCY, "1")), CLOCK);
    api = new Api(app.port());
    library = new Library(api);
  }
}
