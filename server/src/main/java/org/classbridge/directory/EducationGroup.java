package org.classbridge.directory;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/** An education group (教育集团): a famous urban school and the schools it is paired with. */
public record EducationGroup(UUID id, String name, Instant createdAt) {
  public EducationGroup {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("name", name)
        .put("createdAt", createdAt.toString());
  }
}
