package org.classbridge.catalogue;

import io.vertx.core.json.JsonObject;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.common.Subject;
import org.classbridge.common.Wire;

/** A chapter (no parent) or section of one volume of a textbook edition. */
public record CurriculumNode(
    UUID id,
    String edition,
    Subject subject,
    Stage stage,
    int grade,
    String volume,
    Optional<UUID> parentId,
    int order,
    String title,
    Optional<String> titleBo) {
  public CurriculumNode {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(edition, "edition");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(volume, "volume");
    Objects.requireNonNull(parentId, "parentId");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(titleBo, "titleBo");
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("edition", edition)
        .put("subject", Wire.id(subject))
        .put("stage", Wire.id(stage))
        .put("grade", grade)
        .put("volume", volume)
        .put("parentId", parentId.map(UUID::toString).orElse(null))
        .put("order", order)
        .put("title", title)
        .put("titleBo", titleBo.orElse(null));
  }
}
