package org.classbridge.directory;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.common.Wire;

/**
 * A school of an education group, with its region (prefecture and county).
 *
 * @param nameBo the Tibetan name, shown in the Tibetan interface when present
 * @param recordPupils the school lets a recorded live lesson include its receiving classrooms (its
 *     pupils' faces and voices; minors' data, so off unless the school decides otherwise)
 * @param version bumped by every change; the resource's ETag
 */
public record School(
    UUID id,
    UUID groupId,
    String name,
    Optional<String> nameBo,
    String prefecture,
    String county,
    SchoolSetting setting,
    boolean recordPupils,
    Instant createdAt,
    int version) {
  public School {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(nameBo, "nameBo");
    Objects.requireNonNull(prefecture, "prefecture");
    Objects.requireNonNull(county, "county");
    Objects.requireNonNull(setting, "setting");
    Objects.requireNonNull(createdAt, "createdAt");
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("groupId", groupId.toString())
        .put("name", name)
        .put("nameBo", nameBo.orElse(null))
        .put("region", new JsonObject().put("prefecture", prefecture).put("county", county))
        .put("setting", Wire.id(setting))
        .put("recordPupils", recordPupils)
        .put("createdAt", createdAt.toString());
  }
}
