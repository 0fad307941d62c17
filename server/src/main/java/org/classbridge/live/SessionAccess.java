package org.classbridge.live;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What the live classroom asks of the timetable. The composition root implements it over the
 * schedule's public services; the live feature never reads the timetable's tables.
 */
public interface SessionAccess {

  /**
   * A classroom as the live page names it.
   *
   * @param recordPupils its school lets a recorded lesson include this room (its pupils)
   */
  record Room(
      UUID classroomId,
      String name,
      String schoolName,
      boolean listenOnly,
      Optional<Integer> uplinkKbps,
      boolean recordPupils) {}

  /** A receiving classroom with the class sitting in it and its on-site assistant. */
  record ReceivingRoom(Room room, UUID classId, Optional<UUID> assistantId) {}

  /** A teacher taking part in a research session from wherever they are. */
  record Colleague(UUID userId, String displayName) {}

  /**
   * A booked session as the live room needs it.
   *
   * @param booked false once cancelled: nobody joins a cancelled session
   * @param roomName the session's lower-case room name (also its Jitsi room)
   */
  record LiveSession(
      UUID id,
      UUID groupId,
      Instant startsAt,
      Instant endsAt,
      boolean booked,
      String roomName,
      String subject,
      Optional<String> title,
      UUID teacherId,
      String teacherName,
      Room main,
      List<ReceivingRoom> receivers,
      List<Colleague> colleagues,
      List<UUID> resources) {
    public LiveSession {
      receivers = List.copyOf(receivers);
      colleagues = List.copyOf(colleagues);
      resources = List.copyOf(resources);
    }

    /** Everyone besides the main classroom: what a browser mesh has to carry. */
    int others() {
      return receivers.size() + colleagues.size();
    }
  }

  /** The session, or empty when there is none with this id. */
  Future<Optional<LiveSession>> session(UUID sessionId);

  /** The classes a teacher teaches: a class's teachers may open its receiving classroom. */
  Future<List<UUID>> classesOf(UUID userId);

  /**
   * The teachers whose classes {@code userId} may watch as an observer (听课): their colleagues in a
   * famous-teacher studio.
   */
  Future<java.util.Set<UUID>> observes(UUID userId);

  /** A connection to the live room opened (attendance reads these); gives the connection's id. */
  Future<UUID> joined(
      UUID sessionId, String endpointId, UUID userId, Optional<UUID> classroomId, Instant at);

  /** That connection ended. */
  Future<Void> left(UUID connectionId, Instant at);
}
