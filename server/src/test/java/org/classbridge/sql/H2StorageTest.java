package org.classbridge.sql;

import java.nio.file.Path;
import org.classbridge.app.ConfigLoader;
import org.junit.jupiter.api.DisplayName;

@DisplayName("storage on H2 (embedded default)")
class H2StorageTest extends StorageContract {
  @Override
  String jdbcUrl(Path data) {
    return ConfigLoader.h2FileUrl(data.resolve("db").resolve("test"));
  }
}
