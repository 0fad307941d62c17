package org.classbridge.directory;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.classbridge.common.Wire;

/** A teaching class (班级): students of one grade taught together, in a language. */
public record SchoolClass(
    UUID id, UUID schoolId, String name, int grade, TeachingLanguage language, Instant createdAt) {
  public SchoolClass {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(schoolId, "schoolId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(createdAt, "createdAt");
    if (grade < 1 || grade > 12) {
      throw new IllegalArgumentException("grade between 1 and 12");
    }
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("schoolId", schoolId.toString())
        .put("name", name)
        .put("grade", grade)
        .put("language", Wire.id(language))
        .put("createdAt", createdAt.toString());
  }
}
