package org.classbridge.sql;

import java.nio.file.Path;
import org.classbridge.testing.PostgresSchema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;

@DisplayName("storage on PostgreSQL (production)")
class PostgresStorageTest extends StorageContract {
  private PostgresSchema schema;

  @Override
  String jdbcUrl(Path data) {
    schema = PostgresSchema.createOrSkip("PostgresStorageTest");
    return schema.url();
  }

  @AfterEach
  void dropSchema() throws Exception {
    if (schema != null) {
      schema.close();
    }
  }
}
