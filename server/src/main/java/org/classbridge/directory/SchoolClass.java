package org.classbridge.directory;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.common.Wire;

/**
 * A teaching class (班级): students of one grade taught together, in a language.
 *
 * @param nameBo the Tibetan name, shown in the Tibetan interface when present
 * @param retiredAt when it ended (a graduated class): gone from pickers, kept in history
 * @param version bumped by every change; the resource's ETag
 */
public record SchoolClass(
    UUID id,
    UUID schoolId,
    String name,
    Optional<String> nameBo,
    int grade,
    TeachingLanguage language,
    Instant createdAt,
    Optional<Instant> retiredAt,
    int version) {
  public SchoolClass {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(schoolId, "schoolId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(nameBo, "nameBo");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(retiredAt, "retiredAt");
    if (grade < 1 || grade > 12) {
      throw new IllegalArgumentException("grade between 1 and 12");
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("schoolId", schoolId.toString())
        .put("name", name)
        .put("nameBo", nameBo.orElse(null))
        .put("grade", grade)
        .put("language", Wire.id(language))
        .put("createdAt", createdAt.toString())
        .put("retired", retiredAt.isPresent());
  }
}
