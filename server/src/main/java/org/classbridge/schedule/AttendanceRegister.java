package org.classbridge.schedule;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.audit.AuditLog;
import org.classbridge.common.CsvWriter;
import org.classbridge.common.Problem;
import org.classbridge.common.Validation;
import org.classbridge.common.Wire;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.sql.Database;
import org.classbridge.sql.Sql;
import org.classbridge.sql.Tx;

/**
 * Who was in the room. The on-site assistant (or a teacher of the class, or the session's teacher)
 * ticks the pupils present on a phone; reports per session and per term show, per school and class,
 * which sessions were held with the class present and which were booked but not held.
 */
public final class AttendanceRegister {
  /** Attendance may be recorded until this long after a session ends (paper lists come late). */
  static final Duration LATE_MARKING = Duration.ofDays(14);

  private final Database db;
  private final ScheduleStore store;
  private final ScheduleDirectory directory;
  private final TimetableViews views;
  private final Naming naming;
  private final AuditLog audit;
  private final Clock clock;
  private final Duration earlyJoin;

  AttendanceRegister(
      Database db,
      ScheduleStore store,
      ScheduleDirectory directory,
      TimetableViews views,
      Naming naming,
      AuditLog audit,
      Clock clock,
      Duration earlyJoin) {
    this.db = db;
    this.store = store;
    this.directory = directory;
    this.views = views;
    this.naming = naming;
    this.audit = audit;
    this.clock = clock;
    this.earlyJoin = earlyJoin;
  }

  /**
   * Demo data: the registers of a term's sessions that ended before {@code before}, as the classes'
   * assistants would have taken them. For the n-th such session of a class (0, 1, ...) and its
   * pupils in roster order, {@code marks} says who was present, or gives null for a session the
   * class did not attend (no register). Nothing is written when the term already has a register.
   *
   * @return registers written
   */
  public Future<Integer> seedRegisters(
      UUID termId,
      Instant before,
      java.util.function.BiFunction<Integer, Integer, List<Boolean>> marks,
      UUID markedBy) {
    Instant now = before.isBefore(clock.instant()) ? before : clock.instant();
    return db.read(
            c -> {
              Term term = store.term(c, termId).orElseThrow();
              boolean taken =
                  !c.list(
                          "select 1 from attendance a join class_session s on s.id = a.session_id"
                              + " where s.term_id = ? fetch first 1 rows only",
                          rs -> 1,
                          termId)
                      .isEmpty();
              return taken
                  ? List.<ClassSession>of()
                  : store.sessionsOfGroup(
                      c,
                      term.groupId(),
                      term.firstDay().atStartOfDay(ClassSession.ZONE).toInstant(),
                      now);
            })
        .compose(
            sessions -> {
              List<ClassSession> past =
                  sessions.stream()
                      .filter(s -> s.termId().equals(termId) && s.booked())
                      .filter(s -> s.endsAt().isBefore(now))
                      .sorted(java.util.Comparator.comparing(ClassSession::startsAt))
                      .toList();
              Set<UUID> classes = new java.util.LinkedHashSet<>();
              past.forEach(
                  s -> s.participants().receivers().forEach(r -> classes.add(r.classId())));
              List<UUID> order = List.copyOf(classes);
              List<Future<List<ScheduleDirectory.Person>>> rosters = new java.util.ArrayList<>();
              order.forEach(k -> rosters.add(directory.students(k)));
              return Future.all(rosters)
                  .compose(
                      all -> {
                        Map<UUID, List<ScheduleDirectory.Person>> pupils =
                            new java.util.HashMap<>();
                        for (int i = 0; i < order.size(); i++) {
                          pupils.put(order.get(i), all.resultAt(i));
                        }
                        return db.transaction(
                            c -> {
                              Map<UUID, Integer> nth = new java.util.HashMap<>();
                              int written = 0;
                              for (ClassSession s : past) {
                                for (Receiver r : s.participants().receivers()) {
                                  int n = nth.merge(r.classId(), 1, Integer::sum) - 1;
                                  List<ScheduleDirectory.Person> in = pupils.get(r.classId());
                                  List<Boolean> present = marks.apply(n, in.size());
                                  if (present == null || in.isEmpty()) {
                                    continue;
                                  }
                                  Map<UUID, Boolean> m = new LinkedHashMap<>();
                                  for (int i = 0; i < in.size(); i++) {
                                    m.put(in.get(i).id(), present.get(i));
                                  }
                                  store.replaceAttendance(
                                      c, s.id(), r.classId(), m, markedBy, s.endsAt());
                                  written++;
                                }
                              }
                              return written;
                            });
                      });
            });
  }

  /** Whether {@code actor} may mark {@code classId} in {@code s}. */
  private Future<Boolean> mayMark(Principal actor, ClassSession s, UUID classId) {
    if (GroupRules.canManage(actor, s.groupId())) {
      return Future.succeededFuture(true);
    }
    if (actor.role() != Role.TEACHER || !actor.canSeeGroup(s.groupId())) {
      return Future.succeededFuture(false);
    }
    if (s.participants().teacherId().equals(actor.userId())) {
      return Future.succeededFuture(true);
    }
    for (Receiver r : s.participants().receivers()) {
      if (r.classId().equals(classId) && r.assistantId().equals(Optional.of(actor.userId()))) {
        return Future.succeededFuture(true);
      }
    }
    return directory.classesOf(actor.userId()).map(mine -> mine.contains(classId));
  }

  /** The session's classes with their pupils and who is marked present. */
  public Future<JsonObject> roster(Principal viewer, UUID sessionId) {
    if (viewer.role() == Role.STUDENT) {
      return Future.failedFuture(Problem.forbidden("forbidden", "pupils do not take attendance"));
    }
    return views
        .session(viewer, sessionId)
        .compose(
            s -> {
              List<UUID> classes = new ArrayList<>(TimetableViews.classesOf(s));
              List<Future<JsonObject>> parts = new ArrayList<>();
              for (UUID k : classes) {
                Future<Boolean> may = mayMark(viewer, s, k);
                parts.add(
                    may.compose(v -> directory.students(k))
                        .compose(
                            pupils ->
                                db.read(c -> store.attendance(c, s.id(), k))
                                    .map(
                                        marks -> {
                                          JsonArray list = new JsonArray();
                                          for (ScheduleDirectory.Person p : pupils) {
                                            list.add(
                                                new JsonObject()
                                                    .put("id", p.id().toString())
                                                    .put("displayName", p.displayName())
                                                    .put("present", marks.get(p.id())));
                                          }
                                          return new JsonObject()
                                              .put("classId", k.toString())
                                              .put("mayMark", may.result())
                                              .put("marked", !marks.isEmpty())
                                              .put("students", list);
                                        })));
              }
              return Future.all(parts)
                  .compose(
                      all ->
                          naming
                              .of(List.of(s.participants()))
                              .map(
                                  names -> {
                                    JsonArray out = new JsonArray();
                                    for (Future<JsonObject> f : parts) {
                                      JsonObject part = f.result();
                                      UUID k = UUID.fromString(part.getString("classId"));
                                      out.add(part.put("class", names.klass(k)));
                                    }
                                    return new JsonObject()
                                        .put("sessionId", s.id().toString())
                                        .put("startsAt", s.startsAt().toString())
                                        .put("subject", Wire.id(s.subject()))
                                        .put("classes", out);
                                  }));
            });
  }

  /**
   * Records who of one class was present: the pupils named in {@code present}, every other pupil of
   * the class absent. A pupil not in the class is refused, so nothing is half recorded.
   */
  public Future<JsonObject> mark(Principal actor, UUID sessionId, JsonObject body) {
    Validation v = new Validation();
    BodyReader r = new BodyReader(body, v);
    r.only(Set.of("classId", "present"));
    UUID classId = r.uuid("classId");
    List<UUID> present = r.ids("present", 500);
    if (!body.containsKey("present")) {
      v.error("present", "required", "is required (an empty list marks everyone absent)");
    }
    v.orThrow();
    Instant now = clock.instant();
    return views
        .session(actor, sessionId)
        .compose(
            s -> {
              if (!TimetableViews.classesOf(s).contains(classId)) {
                throw Problem.validation(
                    List.of(
                        new Problem.FieldError(
                            "classId", "not-in-session", "this class is not part of the session")));
              }
              if (!s.booked()) {
                throw Problem.conflict("session-cancelled", "the session was cancelled");
              }
              if (now.isBefore(s.startsAt().minus(earlyJoin))) {
                throw Problem.conflict(
                    "session-not-started", "attendance opens when the session does");
              }
              if (now.isAfter(s.endsAt().plus(LATE_MARKING))) {
                throw Problem.conflict(
                    "attendance-closed",
                    "attendance closes " + LATE_MARKING.toDays() + " days after the session");
              }
              return mayMark(actor, s, classId)
                  .compose(
                      allowed -> {
                        if (!allowed) {
                          throw Problem.forbidden(
                              "forbidden",
                              "the class's assistant or teachers, or the coordinator, take attendance");
                        }
                        return directory.students(classId);
                      })
                  .compose(
                      pupils -> {
                        Map<UUID, Boolean> marks = new LinkedHashMap<>();
                        pupils.forEach(p -> marks.put(p.id(), false));
                        Validation w = new Validation();
                        for (int i = 0; i < present.size(); i++) {
                          if (!marks.containsKey(present.get(i))) {
                            w.error(
                                "present[" + i + "]",
                                "not-in-class",
                                "is not a pupil of this class");
                          } else {
                            marks.put(present.get(i), true);
                          }
                        }
                        w.orThrow();
                        return db.transaction(
                            c -> {
                              store.replaceAttendance(
                                  c, s.id(), classId, marks, actor.userId(), Tx.now(clock));
                              audit.record(
                                  c,
                                  actor,
                                  "attendance.marked",
                                  "session",
                                  s.id(),
                                  s.groupId(),
                                  new JsonObject()
                                      .put("classId", classId.toString())
                                      .put("present", present.size())
                                      .put("of", marks.size()));
                              return new JsonObject()
                                  .put("sessionId", s.id().toString())
                                  .put("classId", classId.toString())
                                  .put("present", present.size())
                                  .put("of", marks.size());
                            });
                      });
            });
  }

  private record Read(List<ScheduleStore.Marks> marks, Set<UUID> connected) {}

  /** One line of an attendance report: a session as one class took part in it. */
  record Line(ClassSession session, UUID classId, String state, int present, int marked) {}

  /**
   * The attendance of a term's sessions for a school or a class (staff of the group): one line per
   * session and class, and a summary per class.
   */
  public Future<JsonObject> report(
      Principal viewer, UUID termId, Optional<UUID> schoolId, Optional<UUID> classId) {
    if (viewer.role() == Role.STUDENT) {
      return Future.failedFuture(Problem.forbidden("forbidden", "reports are for staff"));
    }
    return db.read(c -> store.term(c, termId))
        .compose(
            t -> {
              Term term =
                  t.filter(x -> GroupRules.canReadTimetable(viewer, x.groupId()))
                      .orElseThrow(() -> Problem.notFound("term-not-found", "no term " + termId));
              TimetableViews.Days days = new TimetableViews.Days(term.firstDay(), term.lastDay());
              Future<List<ClassSession>> sessions =
                  classId.isPresent()
                      ? views.timetable(viewer, TimetableViews.Scope.CLASS, classId.get(), days)
                      : schoolId.isPresent()
                          ? views.timetable(
                              viewer, TimetableViews.Scope.SCHOOL, schoolId.get(), days)
                          : views.timetable(
                              viewer, TimetableViews.Scope.GROUP, term.groupId(), days);
              Future<List<UUID>> wanted =
                  classId.isPresent()
                      ? Future.succeededFuture(List.of(classId.get()))
                      : schoolId.isPresent()
                          ? directory.roomsAndClassesOf(schoolId.get())
                          : Future.succeededFuture(List.of());
              return Future.all(sessions, wanted)
                  .compose(
                      all ->
                          lines(
                              sessions.result().stream()
                                  .filter(s -> s.termId().equals(termId))
                                  .toList(),
                              wanted.result()))
                  .compose(lines -> render(term, lines));
            });
  }

  private Future<List<Line>> lines(List<ClassSession> sessions, List<UUID> only) {
    Instant now = clock.instant();
    List<UUID> ids = sessions.stream().map(ClassSession::id).toList();
    return db.read(c -> new Read(store.marks(c, ids), store.connected(c, ids)))
        .map(
            read -> {
              List<ScheduleStore.Marks> marks = read.marks();
              Map<String, ScheduleStore.Marks> byKey = new HashMap<>();
              Map<UUID, Integer> presentBySession = new HashMap<>();
              for (ScheduleStore.Marks m : marks) {
                byKey.put(m.sessionId() + "/" + m.classId(), m);
                presentBySession.merge(m.sessionId(), m.present(), Integer::sum);
              }
              List<Line> out = new ArrayList<>();
              for (ClassSession s : sessions) {
                for (UUID k : TimetableViews.classesOf(s)) {
                  if (!only.isEmpty() && !only.contains(k)) {
                    continue;
                  }
                  ScheduleStore.Marks m = byKey.get(s.id() + "/" + k);
                  String state;
                  if (now.isBefore(s.startsAt())) {
                    state = "upcoming";
                  } else if (now.isBefore(s.endsAt())) {
                    state = "live";
                  } else {
                    // held: pupils were ticked present, or a receiving classroom joined live
                    state =
                        presentBySession.getOrDefault(s.id(), 0) > 0
                                || read.connected().contains(s.id())
                            ? "held"
                            : "not-held";
                  }
                  out.add(
                      new Line(
                          s, k, state, m == null ? 0 : m.present(), m == null ? 0 : m.marked()));
                }
              }
              return out;
            });
  }

  private Future<JsonObject> render(Term term, List<Line> lines) {
    return naming
        .of(lines.stream().map(l -> l.session().participants()).toList())
        .map(
            names -> {
              JsonArray rows = new JsonArray();
              Map<UUID, int[]> perClass = new LinkedHashMap<>();
              for (Line l : lines) {
                ClassSession s = l.session();
                rows.add(
                    new JsonObject()
                        .put("sessionId", s.id().toString())
                        .put("day", s.day().toString())
                        .put("startsAt", s.startsAt().toString())
                        .put("subject", Wire.id(s.subject()))
                        .put(
                            "teacher",
                            names.person(s.participants().teacherId()).getString("displayName"))
                        .put("class", names.klass(l.classId()))
                        .put("state", l.state())
                        .put("present", l.present())
                        .put("marked", l.marked()));
                int[] sum = perClass.computeIfAbsent(l.classId(), k -> new int[4]);
                sum[0]++;
                if (l.state().equals("held")) {
                  sum[1]++;
                }
                if (l.state().equals("not-held")) {
                  sum[2]++;
                }
                sum[3] += l.present();
              }
              JsonArray summary = new JsonArray();
              perClass.forEach(
                  (k, sum) ->
                      summary.add(
                          new JsonObject()
                              .put("class", names.klass(k))
                              .put("booked", sum[0])
                              .put("held", sum[1])
                              .put("notHeld", sum[2])
                              .put("presentTotal", sum[3])));
              return new JsonObject()
                  .put("termId", term.id().toString())
                  .put("term", term.name())
                  .put("rows", rows)
                  .put("classes", summary);
            });
  }

  /** The report's rows as CSV (UTF-8 with BOM, for spreadsheet programs). */
  public static String csv(JsonObject report) {
    CsvWriter w = new CsvWriter();
    w.row(
        List.of(
            "day",
            "starts_at",
            "subject",
            "teacher",
            "school",
            "class",
            "state",
            "present",
            "marked"));
    for (Object o : report.getJsonArray("rows")) {
      JsonObject r = (JsonObject) o;
      JsonObject k = r.getJsonObject("class");
      w.row(
          List.of(
              r.getString("day"),
              r.getString("startsAt"),
              r.getString("subject"),
              String.valueOf(r.getString("teacher")),
              String.valueOf(k.getString("schoolName")),
              String.valueOf(k.getString("name")),
              r.getString("state"),
              String.valueOf(r.getInteger("present")),
              String.valueOf(r.getInteger("marked"))));
    }
    return w.toString();
  }

  /** One pupil's marks (the export of their data): per session its subject, day and the mark. */
  public Future<List<JsonObject>> marksOf(UUID studentId) {
    return db.read(
        c ->
            c.list(
                "select a.session_id, a.class_id, a.present, a.marked_at, s.subject,"
                    + " s.teaching_day, s.title from attendance a join class_session s"
                    + " on s.id = a.session_id where a.student_id = ? order by s.starts_at",
                rs ->
                    new JsonObject()
                        .put("sessionId", rs.getString("session_id"))
                        .put("classId", rs.getString("class_id"))
                        .put("subject", rs.getString("subject"))
                        .put("title", rs.getString("title"))
                        .put(
                            "day",
                            rs.getObject("teaching_day", java.time.LocalDate.class).toString())
                        .put("present", rs.getBoolean("present"))
                        .put("markedAt", Sql.instant(rs, "marked_at").toString()),
                studentId));
  }

  /**
   * Inside an erasure's transaction: a pupil's marks move to a stand-in account, so what the
   * timetable delivered (held sessions, attendance rates) still adds up without naming them.
   */
  public int reassign(Tx c, UUID studentId, UUID standIn) throws java.sql.SQLException {
    return c.update(
        "update attendance set student_id = ? where student_id = ?", standIn, studentId);
  }
}
