package org.classbridge.schedule;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.common.Wire;

/**
 * A wanted occurrence that collides: on {@code day}, {@code resourceId} (a teacher, room, class or
 * assistant) is already held by {@code otherSession}, or by another occurrence of the same request
 * (then {@code otherSession} is empty).
 */
public record Conflict(
    LocalDate day,
    Instant startsAt,
    Instant endsAt,
    UUID resourceId,
    Participants.HoldKind kind,
    Optional<UUID> otherSession,
    Optional<Instant> otherStartsAt,
    Optional<Instant> otherEndsAt) {
  public Conflict {
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(resourceId, "resourceId");
    Objects.requireNonNull(kind, "kind");
  }

  public JsonObject toJson() {
    return new JsonObject()
        .put("day", day.toString())
        .put("startsAt", startsAt.toString())
        .put("endsAt", endsAt.toString())
        .put("resourceId", resourceId.toString())
        .put("resourceKind", Wire.id(kind))
        .put("sessionId", otherSession.map(UUID::toString).orElse(null))
        .put("sessionStartsAt", otherStartsAt.map(Instant::toString).orElse(null))
        .put("sessionEndsAt", otherEndsAt.map(Instant::toString).orElse(null));
  }
}
