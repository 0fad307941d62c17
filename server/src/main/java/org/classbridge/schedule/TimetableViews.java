package org.classbridge.schedule;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.common.Problem;
import org.classbridge.common.Wire;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.sql.Database;

/**
 * The timetable as people read it: by week or term, for a group, a school, a teacher, a classroom
 * or a class, each session with its participants' names and, for every school it touches, that
 * school's own period label. Everyone sees only what they are entitled to: staff their group,
 * students the sessions of their own classes.
 */
public final class TimetableViews {
  /** Longest range one request may read: a term and a little. */
  static final int MAX_RANGE_DAYS = 200;

  private final Database db;
  private final ScheduleStore store;
  private final ScheduleDirectory directory;
  private final Naming naming;
  private final Clock clock;

  TimetableViews(
      Database db, ScheduleStore store, ScheduleDirectory directory, Naming naming, Clock clock) {
    this.db = db;
    this.store = store;
    this.directory = directory;
    this.naming = naming;
    this.clock = clock;
  }

  /** Whose timetable. */
  public enum Scope {
    GROUP,
    SCHOOL,
    TEACHER,
    CLASSROOM,
    CLASS
  }

  /** A range of Beijing-time days, {@code last} included. */
  public record Days(LocalDate first, LocalDate last) {
    public Days {
      if (last.isBefore(first)) {
        throw Problem.invalid("reversed-range", "to is before from");
      }
      if (ChronoUnit.DAYS.between(first, last) >= MAX_RANGE_DAYS) {
        throw Problem.invalid("range-too-long", "read at most " + MAX_RANGE_DAYS + " days at once");
      }
    }

    Instant start() {
      return first.atStartOfDay(ClassSession.ZONE).toInstant();
    }

    Instant end() {
      return last.plusDays(1).atStartOfDay(ClassSession.ZONE).toInstant();
    }

    /** The week (Monday to Sunday) of {@code day}. */
    public static Days weekOf(LocalDate day) {
      LocalDate monday = day.minusDays(day.getDayOfWeek().getValue() - 1L);
      return new Days(monday, monday.plusDays(6));
    }
  }

  public LocalDate today() {
    return clock.instant().atZone(ClassSession.ZONE).toLocalDate();
  }

  /** One session, for staff of its group and the pupils of its classes. */
  public Future<ClassSession> session(Principal viewer, UUID id) {
    Problem missing = Problem.notFound("session-not-found", "no session " + id);
    return db.read(c -> store.session(c, id, false))
        .compose(
            found -> {
              ClassSession s = found.orElseThrow(() -> missing);
              if (!GroupRules.canRead(viewer, s.groupId())) {
                throw missing;
              }
              if (viewer.role() != Role.STUDENT) {
                return Future.succeededFuture(s);
              }
              return directory
                  .classesOf(viewer.userId())
                  .map(
                      mine -> {
                        if (!classesOf(s).stream().anyMatch(mine::contains)) {
                          throw missing;
                        }
                        return s;
                      });
            });
  }

  static Set<UUID> classesOf(ClassSession s) {
    Set<UUID> out = new HashSet<>();
    s.participants().mainClassId().ifPresent(out::add);
    s.participants().receivers().forEach(r -> out.add(r.classId()));
    return out;
  }

  /** Sessions of a group, school, teacher, classroom or class in {@code days}. */
  public Future<List<ClassSession>> timetable(Principal viewer, Scope scope, UUID id, Days days) {
    Problem missing =
        Problem.notFound(Wire.id(scope) + "-not-found", "no " + Wire.id(scope) + " " + id);
    if (viewer.role() == Role.STUDENT) {
      return Future.failedFuture(
          Problem.forbidden("forbidden", "pupils read their own timetable (/api/v1/me/timetable)"));
    }
    Future<UUID> group =
        switch (scope) {
          case GROUP -> Future.succeededFuture(id);
          case SCHOOL ->
              directory
                  .schools(List.of(id))
                  .map(m -> groupOf(m.get(id), ScheduleDirectory.SchoolInfo::groupId));
          case CLASSROOM ->
              directory
                  .rooms(List.of(id))
                  .map(m -> groupOf(m.get(id), ScheduleDirectory.Room::groupId));
          case CLASS ->
              directory
                  .classes(List.of(id))
                  .map(m -> groupOf(m.get(id), ScheduleDirectory.Klass::groupId));
          case TEACHER ->
              directory
                  .people(List.of(id))
                  .map(m -> m.get(id) == null ? null : m.get(id).groupId().orElse(null));
        };
    return group.compose(
        g -> {
          if (g == null || !GroupRules.canReadTimetable(viewer, g)) {
            throw missing;
          }
          return switch (scope) {
            case GROUP -> db.read(c -> store.sessionsOfGroup(c, id, days.start(), days.end()));
            case SCHOOL -> directory.roomsAndClassesOf(id).compose(ids -> holding(ids, days));
            case TEACHER, CLASSROOM, CLASS -> holding(List.of(id), days);
          };
        });
  }

  private static <T> UUID groupOf(T thing, java.util.function.Function<T, UUID> group) {
    return thing == null ? null : group.apply(thing);
  }

  /** Booked sessions holding any of {@code resources} in {@code days}. */
  Future<List<ClassSession>> holding(Collection<UUID> resources, Days days) {
    if (resources.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return db.read(
        c -> store.sessionsById(c, store.sessionsHolding(c, resources, days.start(), days.end())));
  }

  /**
   * The caller's own timetable: a teacher's sessions (teaching or assisting) and those of the
   * classes they teach; a pupil's classes' sessions.
   */
  public Future<List<ClassSession>> mine(Principal viewer, Days days) {
    return directory
        .classesOf(viewer.userId())
        .compose(
            classes -> {
              List<UUID> ids = new ArrayList<>(classes);
              if (viewer.role() != Role.STUDENT) {
                ids.add(viewer.userId());
              }
              return holding(ids, days);
            });
  }

  /**
   * Lesson push (按照教学进度推送): for a school, the resources linked to its sessions in the next {@code
   * days} days, in the order they will be taught, so a pastoral school can pre-load them over the
   * night's quiet link.
   */
  public Future<JsonObject> lessonPush(Principal viewer, UUID schoolId, int days) {
    LocalDate today = today();
    Days range = new Days(today, today.plusDays(days - 1L));
    return timetable(viewer, Scope.SCHOOL, schoolId, range)
        .compose(
            sessions -> {
              Map<UUID, JsonObject> resources = new LinkedHashMap<>();
              for (ClassSession s : sessions) {
                for (UUID r : s.resources()) {
                  JsonObject entry =
                      resources.computeIfAbsent(
                          r,
                          k ->
                              new JsonObject()
                                  .put("resourceId", k.toString())
                                  .put("firstNeeded", s.startsAt().toString())
                                  .put("sessions", new JsonArray()));
                  entry.getJsonArray("sessions").add(s.id().toString());
                }
              }
              return describe(sessions)
                  .map(
                      described ->
                          new JsonObject()
                              .put("schoolId", schoolId.toString())
                              .put("from", range.first().toString())
                              .put("to", range.last().toString())
                              .put("resources", new JsonArray(new ArrayList<>(resources.values())))
                              .put("sessions", new JsonArray(new ArrayList<>(described))));
            });
  }

  /**
   * A studio's research sessions on {@code days}, described; the studio feature decides who may
   * ask.
   */
  public Future<List<JsonObject>> ofStudio(UUID studioId, Days days) {
    return db.read(c -> store.sessionsOfStudio(c, studioId, days.start(), days.end()))
        .compose(this::describe);
  }

  /** Where a session stands: what a timetable colours it by. */
  enum State {
    CANCELLED,
    UPCOMING,
    LIVE,
    HELD,
    NOT_HELD
  }

  /**
   * Sessions as the API writes them: names, each school's period, and the state (a past session
   * with nobody marked present shows as not held).
   */
  public Future<List<JsonObject>> describe(List<ClassSession> sessions) {
    if (sessions.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    Instant now = clock.instant();
    List<Participants> all = sessions.stream().map(ClassSession::participants).toList();
    Set<UUID> termIds = new HashSet<>();
    sessions.forEach(s -> termIds.add(s.termId()));
    return naming
        .of(all)
        .compose(
            names ->
                db.read(
                        c -> {
                          Set<UUID> schools = new HashSet<>();
                          sessions.forEach(s -> schools.addAll(names.schoolsOf(s.participants())));
                          Map<UUID, Term> terms = new HashMap<>();
                          for (UUID t : termIds) {
                            store.term(c, t).ifPresent(x -> terms.put(t, x));
                          }
                          return new Context(
                              store.grids(c, schools),
                              terms,
                              store.presentCounts(
                                  c, sessions.stream().map(ClassSession::id).toList()),
                              store.connected(c, sessions.stream().map(ClassSession::id).toList()));
                        })
                    .map(
                        ctx -> {
                          List<JsonObject> out = new ArrayList<>();
                          for (ClassSession s : sessions) {
                            out.add(json(s, names, ctx, now));
                          }
                          return out;
                        }));
  }

  /**
   * @param connected sessions a receiving classroom joined live: held, whatever the lists say
   */
  private record Context(
      Map<UUID, PeriodGrid> grids,
      Map<UUID, Term> terms,
      Map<UUID, Integer> present,
      Set<UUID> connected) {}

  private static JsonObject json(ClassSession s, Naming.Names names, Context ctx, Instant now) {
    State state;
    if (!s.booked()) {
      state = State.CANCELLED;
    } else if (now.isBefore(s.startsAt())) {
      state = State.UPCOMING;
    } else if (now.isBefore(s.endsAt())) {
      state = State.LIVE;
    } else {
      state =
          ctx.present().getOrDefault(s.id(), 0) > 0 || ctx.connected().contains(s.id())
              ? State.HELD
              : State.NOT_HELD;
    }
    Term term = ctx.terms().get(s.termId());
    DayOfWeek as =
        term == null
            ? s.day().getDayOfWeek()
            : term.teachesAs(s.day()).orElse(s.day().getDayOfWeek());
    LocalTime from = s.startsAt().atZone(ClassSession.ZONE).toLocalTime();
    LocalTime to = s.endsAt().atZone(ClassSession.ZONE).toLocalTime();
    if (to.equals(LocalTime.MIDNIGHT)) {
      to = LocalTime.MAX;
    }
    JsonArray periods = new JsonArray();
    for (UUID school : names.schoolsOf(s.participants())) {
      PeriodGrid grid = ctx.grids().getOrDefault(school, new PeriodGrid(school, List.of()));
      Optional<PeriodSlot> slot = grid.overlapping(as, from, to);
      periods.add(
          new JsonObject()
              .put("schoolId", school.toString())
              .put("schoolName", names.school(school))
              .put("period", slot.map(PeriodSlot::period).orElse(null))
              .put("label", slot.map(PeriodSlot::label).orElse(null))
              .put("bellStart", slot.map(p -> p.start().toString()).orElse(null))
              .put("bellEnd", slot.map(p -> p.end().toString()).orElse(null)));
    }
    JsonArray resources = new JsonArray();
    s.resources().forEach(r -> resources.add(r.toString()));
    return names
        .participants(s.participants())
        .put("id", s.id().toString())
        .put("groupId", s.groupId().toString())
        .put("termId", s.termId().toString())
        .put("seriesId", s.seriesId().map(UUID::toString).orElse(null))
        .put("pairingId", s.pairingId().map(UUID::toString).orElse(null))
        .put("kind", s.research() ? "research" : "class")
        .put("studioId", s.studioId().map(UUID::toString).orElse(null))
        .put("subject", Wire.id(s.subject()))
        .put("title", s.title().orElse(null))
        .put("startsAt", s.startsAt().toString())
        .put("endsAt", s.endsAt().toString())
        .put("day", s.day().toString())
        .put("weekday", s.day().getDayOfWeek().getValue())
        .put("teachesAs", as.getValue())
        .put("period", s.period().orElse(null))
        .put("localStart", from.toString())
        .put("localEnd", to.equals(LocalTime.MAX) ? "24:00" : to.toString())
        .put("schools", periods)
        .put("roomName", s.roomName())
        .put("status", Wire.id(s.status()))
        .put("state", Wire.id(state))
        .put("resources", resources)
        .put("version", s.version());
  }
}
