package org.classbridge.schedule;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.common.Subject;

/**
 * A pairing (结对): the standing partnership of a main school's teacher (and class, in its main
 * classroom) with receiving classes elsewhere in the group, for one subject and term. A booking
 * starts from it, so the coordinator picks the partnership, not six ids.
 */
public record Pairing(
    UUID id,
    UUID groupId,
    UUID termId,
    Subject subject,
    Participants participants,
    Instant createdAt,
    Optional<Instant> retiredAt,
    int version) {
  public Pairing {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(termId, "termId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(participants, "participants");
    Objects.requireNonNull(createdAt, "createdAt");
    Objects.requireNonNull(retiredAt, "retiredAt");
  }
}
