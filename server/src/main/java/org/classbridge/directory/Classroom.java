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
 * @param reception how a receiving classroom takes part; empty for main classrooms
 * @param uplinkKbps the upload budget of the room's link in kbit/s, when known
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
    Optional<Reception> reception,
    Optional<Integer> uplinkKbps,
    Instant createdAt,
    Optional<Instant> retiredAt,
    int version) {
  public Classroom {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(schoolId, "schoolId");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(nameBo, "nameBo");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(reception, "reception");
    Objects.requireNonNull(uplinkKbps, "uplinkKbps");
    if (kind == ClassroomKind.MAIN && reception.isPresent()) {
      throw new IllegalArgumentException(
          "a main classroom teaches; reception is for receiving rooms");
    }
    if (kind == ClassroomKind.RECEIVING && reception.isEmpty()) {
      reception = Optional.of(Reception.INTERACTIVE);
    }
    if (uplinkKbps.isPresent()
        && (uplinkKbps.get() < MIN_UPLINK || uplinkKbps.get() > MAX_UPLINK)) {
      throw new IllegalArgumentException("uplink between " + MIN_UPLINK + " and " + MAX_UPLINK);
    }
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(retiredAt, "retiredAt");
    if (capacity < 1 || capacity > 500) {
      throw new IllegalArgumentException("capacity between 1 and 500");
    }
  }

  /** Slowest uplink worth recording: below an audio-only call's need. */
  public static final int MIN_UPLINK = 16;

  public static final int MAX_UPLINK = 1_000_000;

  public JsonObject toJson() {
    return new JsonObject()
        .put("id", id.toString())
        .put("schoolId", schoolId.toString())
        .put("name", name)
        .put("nameBo", nameBo.orElse(null))
        .put("kind", Wire.id(kind))
        .put("capacity", capacity)
        .put("reception", reception.map(Wire::id).orElse(null))
        .put("uplinkKbps", uplinkKbps.orElse(null))
        .put("createdAt", createdAt.toString())
        .put("retired", retiredAt.isPresent());
  }
}
