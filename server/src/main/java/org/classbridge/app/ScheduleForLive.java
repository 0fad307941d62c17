package org.classbridge.app;

import io.vertx.core.Future;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.live.SessionAccess;
import org.classbridge.schedule.LiveBookings;

/**
 * The live classroom's view of the timetable, made of the schedule's public {@link LiveBookings}:
 * the one place that knows both, so neither feature imports the other.
 */
final class ScheduleForLive implements SessionAccess {
  private final LiveBookings bookings;

  private final java.util.function.Function<UUID, Future<java.util.Set<UUID>>> colleagues;

  ScheduleForLive(
      LiveBookings bookings,
      java.util.function.Function<UUID, Future<java.util.Set<UUID>>> colleagues) {
    this.colleagues = colleagues;
    this.bookings = bookings;
  }

  @Override
  public Future<Optional<LiveSession>> session(UUID sessionId) {
    return bookings.booked(sessionId).map(found -> found.map(ScheduleForLive::live));
  }

  private static LiveSession live(LiveBookings.Booked b) {
    var s = b.session();
    return new LiveSession(
        s.id(),
        s.groupId(),
        s.startsAt(),
        s.endsAt(),
        s.booked(),
        s.roomName(),
        b.subjectId(),
        s.title(),
        s.participants().teacherId(),
        b.teacherName(),
        room(b.main()),
        b.receivers().stream()
            .map(r -> new ReceivingRoom(room(r.room()), r.classId(), r.assistantId()))
            .toList(),
        b.colleagues().stream()
            .map(c -> new SessionAccess.Colleague(c.userId(), c.displayName()))
            .toList(),
        s.resources());
  }

  private static Room room(LiveBookings.Room r) {
    return new Room(
        r.classroomId(),
        r.name(),
        r.schoolName(),
        r.listenOnly(),
        r.uplinkKbps(),
        r.recordPupils());
  }

  @Override
  public Future<java.util.Set<UUID>> observes(UUID userId) {
    return colleagues.apply(userId);
  }

  @Override
  public Future<List<UUID>> classesOf(UUID userId) {
    return bookings.classesOf(userId);
  }

  @Override
  public Future<UUID> joined(
      UUID sessionId, String endpointId, UUID userId, Optional<UUID> classroomId, Instant at) {
    return bookings.joined(sessionId, endpointId, userId, classroomId, at);
  }

  @Override
  public Future<Void> left(UUID connectionId, Instant at) {
    return bookings.left(connectionId, at);
  }
}
