package org.classbridge.schedule;

import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/** A receiving classroom of a session: the room, the class sitting in it, its on-site assistant. */
public record Receiver(UUID classroomId, UUID classId, Optional<UUID> assistantId) {
  public Receiver {
    Objects.requireNonNull(classroomId, "classroomId");
    Objects.requireNonNull(classId, "classId");
    Objects.requireNonNull(assistantId, "assistantId");
  }
}
