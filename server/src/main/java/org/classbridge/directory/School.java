package org.classbridge.directory;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.classbridge.common.Wire;

/** A school of an education group, with its region (prefecture and county). */
public record School(
    UUID id,
    UUID groupId,
    String name,
    String prefecture,
    String county,
    SchoolSetting setting,
    Instant createdAt) {
  public School {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(name, "name");
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
        .put("region", new JsonObject().put("prefecture", prefecture).put("county", county))
        .put("setting", Wire.id(setting))
        .put("createdAt", createdAt.toString());
  }
}
