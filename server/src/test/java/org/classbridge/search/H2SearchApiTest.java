package org.classbridge.search;

import org.classbridge.testing.Api;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.BeforeAll;

/** {@link SearchApiContract} on the embedded database. */
class H2SearchApiTest extends SearchApiContract {
  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start(data);
    api = new Api(app.port());
    SearchTesting.awaitIndexed(api);
  }
}
