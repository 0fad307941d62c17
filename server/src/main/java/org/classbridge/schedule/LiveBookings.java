package org.classbridge.schedule;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.common.Problem;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.sql.Database;
import org.classbridge.sql.Sql;

/**
 * What the live classroom needs from the timetable: a booked session with the names its page shows,
 * the classes a teacher teaches (a class's teachers may open its receiving classroom), and a log of
 * connections to the live room that attendance reads. The live feature reaches this only through
 * the composition root, so the timetable never learns about signalling.
 */
public final class LiveBookings {
  private final Database db;
  private final ScheduleStore store;
  private final ScheduleDirectory directory;
  private final TimetableViews views;
  private final Naming naming;

  LiveBookings(
      Database db,
      ScheduleStore store,
      ScheduleDirectory directory,
      TimetableViews views,
      Naming naming) {
    this.db = db;
    this.store = store;
    this.directory = directory;
    this.views = views;
    this.naming = naming;
  }

  /** A classroom of a session as the live page names it. */
  public record Room(
      UUID classroomId,
      String name,
      String schoolName,
      boolean listenOnly,
      Optional<Integer> uplinkKbps,
      boolean recordPupils) {}

  /** A receiving classroom: the room, the class sitting in it, its assistant. */
  public record ReceivingRoom(Room room, UUID classId, Optional<UUID> assistantId) {}

  /** A session with what its live page shows. */
  public record Booked(
      ClassSession session,
      String teacherName,
      Room main,
      List<ReceivingRoom> receivers,
      List<Colleague> colleagues,
      String subjectId) {}

  /** A teacher in a research session, by name. */
  public record Colleague(UUID userId, String displayName) {}

  /** The session, whoever asks (the live feature applies its own rules); empty if unknown. */
  public Future<Optional<Booked>> booked(UUID sessionId) {
    return db.read(c -> store.session(c, sessionId, false))
        .compose(
            found -> {
              if (found.isEmpty()) {
                return Future.succeededFuture(Optional.empty());
              }
              ClassSession s = found.get();
              return naming
                  .of(List.of(s.participants()))
                  .map(
                      names -> {
                        List<ReceivingRoom> rx = new ArrayList<>();
                        for (Receiver r : s.participants().receivers()) {
                          rx.add(
                              new ReceivingRoom(
                                  room(names, r.classroomId()), r.classId(), r.assistantId()));
                        }
                        String teacher =
                            names.person(s.participants().teacherId()).getString("displayName");
                        return Optional.of(
                            new Booked(
                                s,
                                teacher == null ? "" : teacher,
                                room(names, s.participants().mainClassroomId()),
                                rx,
                                s.participants().colleagues().stream()
                                    .map(
                                        t ->
                                            new Colleague(
                                                t,
                                                java.util.Objects.requireNonNullElse(
                                                    names.person(t).getString("displayName"), "")))
                                    .toList(),
                                org.classbridge.common.Wire.id(s.subject())));
                      });
            });
  }

  private static Room room(Naming.Names names, UUID id) {
    ScheduleDirectory.Room r = names.rooms().get(id);
    if (r == null) {
      return new Room(id, "", "", false, Optional.empty(), false);
    }
    String school = names.school(r.schoolId());
    return new Room(
        id,
        r.name(),
        school == null ? "" : school,
        r.listenOnly(),
        r.uplinkKbps(),
        r.recordPupils());
  }

  /** The classes someone teaches (or learns in). */
  public Future<List<UUID>> classesOf(UUID userId) {
    return directory.classesOf(userId);
  }

  /** A connection to the live room opened; returns its id, for {@link #left}. */
  public Future<UUID> joined(
      UUID sessionId, String endpointId, UUID userId, Optional<UUID> classroomId, Instant at) {
    UUID id = UUID.randomUUID();
    return db.transaction(
        c -> {
          c.update(
              "insert into live_connection"
                  + " (id, session_id, endpoint_id, user_id, classroom_id, joined_at)"
                  + " values (?, ?, ?, ?, ?, ?)",
              id,
              sessionId,
              endpointId,
              userId,
              classroomId.orElse(null),
              at.truncatedTo(ChronoUnit.MICROS));
          return id;
        });
  }

  /** A connection to the live room ended. */
  public Future<Void> left(UUID connectionId, Instant at) {
    return db.transaction(
        c -> {
          c.update(
              "update live_connection set left_at = ? where id = ? and left_at is null",
              at.truncatedTo(ChronoUnit.MICROS),
              connectionId);
          return null;
        });
  }

  /**
   * Who connected to a session's live room and when (staff of its group): each classroom's and
   * observer's connections, oldest first. A connection still open has no {@code leftAt}.
   */
  public Future<JsonObject> connections(Principal viewer, UUID sessionId) {
    if (viewer.role() == Role.STUDENT) {
      return Future.failedFuture(Problem.forbidden("forbidden", "connection logs are for staff"));
    }
    return views
        .session(viewer, sessionId)
        .compose(
            s ->
                db.read(
                    c ->
                        c.list(
                            "select endpoint_id, user_id, classroom_id, joined_at, left_at"
                                + " from live_connection where session_id = ?"
                                + " order by joined_at, endpoint_id",
                            rs -> {
                              Instant left = Sql.instant(rs, "left_at");
                              return new JsonObject()
                                  .put("endpointId", rs.getString("endpoint_id"))
                                  .put("userId", Sql.uuid(rs, "user_id").toString())
                                  .put(
                                      "classroomId",
                                      rs.getObject("classroom_id") == null
                                          ? null
                                          : Sql.uuid(rs, "classroom_id").toString())
                                  .put("joinedAt", Sql.instant(rs, "joined_at").toString())
                                  .put("leftAt", left == null ? null : left.toString());
                            },
                            sessionId)))
        .map(
            rows ->
                new JsonObject()
                    .put("sessionId", sessionId.toString())
                    .put("connections", new JsonArray(new ArrayList<>(rows))));
  }
}
