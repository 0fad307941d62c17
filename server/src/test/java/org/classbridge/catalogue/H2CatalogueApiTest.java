package org.classbridge.catalogue;

import org.classbridge.testing.Api;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.BeforeAll;

/** {@link CatalogueApiContract} on H2 and the local blob store. */
class H2CatalogueApiTest extends CatalogueApiContract {
  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start(data);
    api = new Api(app.port());
  }
}
