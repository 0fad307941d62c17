package org.classbridge.directory;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * An education group (教育集团): a famous urban school and the schools it is paired with.
 *
 * @param nameBo the Tibetan name, shown in the Tibetan interface when present
 * @param leadSchoolId the group's lead (famous) school, once named
 * @param version bumped by every change; the resource's ETag
 */
public record EducationGroup(
    UUID id,
    String name,
    Optional<String> nameBo,
    Optional<UUID> leadSchoolId,
    Instant createdAt,
    int version) {
  public EducationGroup {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(nameBo, "nameBo");
    Objects.requireNonNull(leadSchoolId, "leadSchoolId");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("name", name)
        .put("nameBo", nameBo.orElse(null))
        .put("leadSchoolId", leadSchoolId.map(UUID::toString).orElse(null))
        .put("createdAt", createdAt.toString());
  }
}
