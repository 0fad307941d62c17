package org.classbridge.directory;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.common.Wire;

/**
 * A room equipped for synchronous classes; what the timetable books.
 *
 * @param nameBo the Tibetan name, shown in the Tibetan interface when present
 * @param retiredAt when it left service: gone from pickers, kept in history
 * @param version bumped by every change; the resource's ETag
 */
public record Classroom(
    UUID id,
    UUID schoolId,
    String name,
    Optional<String> nameBo,
    ClassroomKind kind,
    int capacity,
    Instant createdAt,
    Optional<Instant> retiredAt,
    int version) {
  public Classroom {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(schoolId, "schoolId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(nameBo, "nameBo");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(retiredAt, "retiredAt");
    if (capacity < 1 || capacity > 500) {
      throw new IllegalArgumentException("capacity between 1 and 500");
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("schoolId", schoolId.toString())
        .put("name", name)
        .put("nameBo", nameBo.orElse(null))
        .put("kind", Wire.id(kind))
        .put("capacity", capacity)
        .put("createdAt", createdAt.toString())
        .put("retired", retiredAt.isPresent());
  }
}
