package org.classbridge.sql;

import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;

@DisplayName("storage on H2 (embedded default)")
class H2StorageTest extends StorageContract {
  @Override
  String jdbcUrl(Path data) {
    return H2Template.fileUrl(data.resolve("db").resolve("test"));
  }
}
