package org.classbridge.directory;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.classbridge.common.Wire;

/** A room equipped for synchronous classes; what the timetable books. */
public record Classroom(
    UUID id, UUID schoolId, String name, ClassroomKind kind, int capacity, Instant createdAt) {
  public Classroom {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(schoolId, "schoolId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(createdAt, "createdAt");
    if (capacity < 1 || capacity > 500) {
      throw new IllegalArgumentException("capacity between 1 and 500");
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("schoolId", schoolId.toString())
        .put("name", name)
        .put("kind", Wire.id(kind))
        .put("capacity", capacity)
        .put("createdAt", createdAt.toString());
  }
}
