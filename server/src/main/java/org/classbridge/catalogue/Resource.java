package org.classbridge.catalogue;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.common.Subject;
import org.classbridge.common.Wire;

/**
 * A lesson resource with its curriculum position (学段, 年级, 学科, 版本, 册次, chapter) and its current
 * file. Titles and descriptions in Chinese and, optionally, Tibetan.
 *
 * @param languages the languages it teaches in: zh, bo, en
 * @param file the current file; empty until one is uploaded
 * @param version bumped by every change; the ETag
 */
public record Resource(
    UUID id,
    UUID groupId,
    UUID schoolId,
    UUID teacherId,
    ResourceKind kind,
    String title,
    Optional<String> titleBo,
    Optional<String> description,
    Optional<String> descriptionBo,
    List<String> languages,
    String licence,
    Stage stage,
    Optional<Integer> grade,
    Subject subject,
    Optional<String> edition,
    Optional<String> volume,
    Optional<String> chapter,
    ResourceStatus status,
    Visibility visibility,
    Optional<Integer> durationSeconds,
    Optional<ResourceFile> file,
    Instant createdAt,
    Optional<UUID> nodeId,
    int version) {
  public Resource {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(schoolId, "schoolId");
    Objects.requireNonNull(teacherId, "teacherId");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(licence, "licence");
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(visibility, "visibility");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(nodeId, "nodeId");
    languages = List.copyOf(languages);
  }

  /** A stored file of a resource: one version of it. */
  public record ResourceFile(
      int version, String sha256, long size, String contentType, Optional<String> fileName) {}

  public JsonObject toJson() {
    JsonObject out =
        new JsonObject()
            .put("id", id.toString())
            .put("groupId", groupId.toString())
            .put("schoolId", schoolId.toString())
            .put("teacherId", teacherId.toString())
            .put("kind", Wire.id(kind))
            .put("title", title)
            .put("titleBo", titleBo.orElse(null))
            .put("description", description.orElse(null))
            .put("descriptionBo", descriptionBo.orElse(null))
            .put("languages", new JsonArray(languages))
            .put("licence", licence)
            .put("stage", Wire.id(stage))
            .put("grade", grade.orElse(null))
            .put("subject", Wire.id(subject))
            .put("edition", edition.orElse(null))
            .put("volume", volume.orElse(null))
            .put("chapter", chapter.orElse(null))
            .put("status", Wire.id(status))
            .put("visibility", Wire.id(visibility))
            .put("durationSeconds", durationSeconds.orElse(null))
            .put("createdAt", createdAt.toString())
            .put("nodeId", nodeId.map(UUID::toString).orElse(null))
            .put("version", version);
    file.ifPresent(
        f ->
            out.put(
                "file",
                new JsonObject()
                    .put("version", f.version())
                    .put("sha256", f.sha256())
                    .put("size", f.size())
                    .put("contentType", f.contentType())
                    .put("fileName", f.fileName().orElse(null))
                    .put("url", "/api/v1/resources/" + id + "/content")));
    return out;
  }
}
