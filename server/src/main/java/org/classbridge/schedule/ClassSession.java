package org.classbridge.schedule;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.common.Subject;

/**
 * One synchronous class: stored in absolute time, shown to each school with its own period.
 *
 * @param day the teaching day in Asia/Shanghai
 * @param period the main school's period it was booked on; empty when booked by clock time
 * @param roomName the live room, lower-case so it is also a valid Jitsi room name
 * @param resources lesson resources linked to it, in order
 * @param studioId the studio whose teachers' research session this is; empty for a class
 */
public record ClassSession(
    UUID id,
    UUID groupId,
    UUID termId,
    Optional<UUID> seriesId,
    Optional<UUID> pairingId,
    Optional<UUID> studioId,
    Subject subject,
    Optional<String> title,
    Participants participants,
    Instant startsAt,
    Instant endsAt,
    LocalDate day,
    Optional<Integer> period,
    String roomName,
    SessionStatus status,
    List<UUID> resources,
    int version) {
  /** Every Classbridge school keeps Beijing time; China has no daylight saving since 1991. */
  public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");

  public ClassSession {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(groupId, "groupId");
    Objects.requireNonNull(termId, "termId");
    Objects.requireNonNull(seriesId, "seriesId");
    Objects.requireNonNull(pairingId, "pairingId");
    Objects.requireNonNull(studioId, "studioId");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(participants, "participants");
    Objects.requireNonNull(startsAt, "startsAt");
    Objects.requireNonNull(endsAt, "endsAt");
    Objects.requireNonNull(day, "day");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(roomName, "roomName");
    Objects.requireNonNull(status, "status");
    resources = List.copyOf(resources);
    if (!startsAt.isBefore(endsAt)) {
      throw new IllegalArgumentException("a session starts before it ends");
    }
  }

  /** The live room name of a new session: stable, unguessable enough, lower-case. */
  public static String roomNameFor(UUID sessionId) {
    return "cb" + sessionId.toString().replace("-", "");
  }

  /** A teachers' research session (no class is taught in it), not a class. */
  public boolean research() {
    return studioId.isPresent();
  }

  public boolean booked() {
    return status == SessionStatus.BOOKED;
  }

  /** The same session at another time, with other participants or another teacher. */
  public ClassSession movedTo(
      Instant start, Instant end, LocalDate newDay, Optional<Integer> newPeriod, Participants p) {
    return new ClassSession(
        id, groupId, termId, seriesId, pairingId, studioId, subject, title, p, start, end, newDay,
        newPeriod, roomName, status, resources, version);
  }
}
