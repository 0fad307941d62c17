package org.classbridge.schedule;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.common.Problem;
import org.classbridge.common.Subject;
import org.classbridge.common.Wire;
import org.classbridge.identity.Role;
import org.classbridge.sql.Database;
import org.classbridge.sql.Sql;
import org.classbridge.sql.Tx;

/**
 * Weekly slots that could close a receiving class's gap in one subject ("close this gap"): a
 * teacher of the subject in another school of the group, a main classroom of that school and a
 * receiving classroom of the class's school, on a period of the main school's bell times that the
 * receiving school's own bell times overlap, for the rest of the term. Each proposal counts the
 * weeks on which one of them is already held (by a booked session), and is ranked: most free weeks
 * first, then fewest taken, then a teacher who already teaches the class, then the teacher with the
 * lighter load.
 *
 * <p>It only proposes. The chosen proposal carries the body of a weekly series, which the
 * coordinator books through the timetable's one write path ({@code POST /api/v1/series}), so a week
 * taken in the meantime is caught there like any other double booking.
 */
public final class GapSlots {
  /** Proposals per teacher, so one free teacher does not fill the list. */
  static final int PER_TEACHER = 3;

  /**
   * Share of the main school's period the receiving school's period must also cover: both sides are
   * in class for nearly all of the lesson.
   */
  static final double MIN_OVERLAP = 0.75;

  private final Database db;
  private final ScheduleStore store;
  private final ScheduleDirectory directory;
  private final Clock clock;

  GapSlots(Database db, ScheduleStore store, ScheduleDirectory directory, Clock clock) {
    this.db = db;
    this.store = store;
    this.directory = directory;
    this.clock = clock;
  }

  /**
   * One proposed weekly slot.
   *
   * @param weeks how many teaching days of the rest of the term fall on it
   * @param busyWeeks of those, how many one of the four (teacher, both classrooms, the class) is
   *     already booked on
   * @param teachesClass the teacher already has sessions with this class
   * @param teacherLoad sessions the teacher has booked in the rest of the term
   * @param series the body to book it as a weekly series (only the free weeks are booked)
   */
  public record Proposal(
      ScheduleDirectory.Person teacher,
      ScheduleDirectory.SchoolInfo mainSchool,
      ScheduleDirectory.Room mainClassroom,
      ScheduleDirectory.Room receivingClassroom,
      PeriodSlot mainPeriod,
      PeriodSlot receivingPeriod,
      int weeks,
      int busyWeeks,
      boolean teachesClass,
      int teacherLoad,
      JsonObject series) {

    public int freeWeeks() {
      return weeks - busyWeeks;
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("teacherId", teacher.id().toString())
          .put("teacher", teacher.displayName())
          .put("mainSchoolId", mainSchool.id().toString())
          .put("mainSchool", mainSchool.name())
          .put("mainSchoolBo", mainSchool.nameBo().orElse(null))
          .put("mainClassroomId", mainClassroom.id().toString())
          .put("mainClassroom", mainClassroom.name())
          .put("receivingClassroomId", receivingClassroom.id().toString())
          .put("receivingClassroom", receivingClassroom.name())
          .put("weekday", mainPeriod.weekday().getValue())
          .put("mainPeriod", mainPeriod.toJson())
          .put("receivingPeriod", receivingPeriod.toJson())
          .put("weeks", weeks)
          .put("freeWeeks", freeWeeks())
          .put("busyWeeks", busyWeeks)
          .put("teachesClass", teachesClass)
          .put("teacherLoad", teacherLoad)
          .put("series", series.copy());
    }
  }

  /** The proposals for one class and subject, best first, and what they were chosen from. */
  public record Proposals(
      LocalDate from, int teachersConsidered, int slotsConsidered, List<Proposal> best) {}

  /**
   * Proposals for {@code classId} to receive {@code subject} from {@code from} to the end of the
   * term.
   *
   * @param declared teachers who say they teach the subject; teachers who have taught it in the
   *     group's timetable are added
   */
  public Future<Proposals> propose(
      UUID termId, UUID classId, Subject subject, Collection<UUID> declared, int limit) {
    Future<Map<UUID, ScheduleDirectory.Klass>> klass = directory.classes(List.of(classId));
    return klass.compose(
        classes -> {
          ScheduleDirectory.Klass k = classes.get(classId);
          if (k == null) {
            throw Problem.notFound("class-not-found", "no class " + classId);
          }
          return db.read(c -> basis(c, termId, k, subject))
              .compose(b -> candidates(b, declared))
              .compose(b -> db.read(c -> rank(c, b, limit)));
        });
  }

  /** What the search stands on, read in one go. */
  private record Basis(
      Term term,
      ScheduleDirectory.Klass klass,
      Subject subject,
      LocalDate from,
      PeriodGrid receivingGrid,
      Set<UUID> historyTeachers,
      Set<UUID> classTeachers,
      Map<UUID, ScheduleDirectory.Person> teachers,
      Map<UUID, ScheduleDirectory.SchoolInfo> schools,
      Map<UUID, List<ScheduleDirectory.Room>> mainRooms,
      List<ScheduleDirectory.Room> receivingRooms) {}

  private Basis basis(Tx c, UUID termId, ScheduleDirectory.Klass k, Subject subject)
      throws SQLException {
    Term term =
        store
            .term(c, termId)
            .filter(t -> t.groupId().equals(k.groupId()))
            .orElseThrow(
                () -> Problem.invalid("wrong-term", "the term is not the class's group's"));
    LocalDate today = clock.instant().atZone(ClassSession.ZONE).toLocalDate().plusDays(1);
    LocalDate from = today.isAfter(term.firstDay()) ? today : term.firstDay();
    Set<UUID> history = new HashSet<>();
    c.list(
        "select distinct teacher_id from class_session where group_id = ? and subject = ?"
            + " and studio_id is null"
            + " and status = 'booked'",
        rs -> history.add(Sql.uuid(rs, "teacher_id")),
        term.groupId(),
        Wire.id(subject));
    Set<UUID> withClass = new HashSet<>();
    c.list(
        "select distinct s.teacher_id from class_session s join session_receiver r"
            + " on r.session_id = s.id where r.class_id = ? and s.status = 'booked'",
        rs -> withClass.add(Sql.uuid(rs, "teacher_id")),
        k.id());
    return new Basis(
        term,
        k,
        subject,
        from,
        new PeriodGrid(k.schoolId(), store.grid(c, k.schoolId())),
        history,
        withClass,
        Map.of(),
        Map.of(),
        Map.of(),
        List.of());
  }

  /**
   * Fills in the teachers (active, of another school of the group) and the rooms they could use.
   */
  private Future<Basis> candidates(Basis b, Collection<UUID> declared) {
    Set<UUID> ids = new LinkedHashSet<>(declared);
    ids.addAll(b.historyTeachers());
    return directory
        .people(ids)
        .compose(
            people -> {
              Map<UUID, ScheduleDirectory.Person> teachers = new HashMap<>();
              for (ScheduleDirectory.Person p : people.values()) {
                if (p.active()
                    && p.role() == Role.TEACHER
                    && p.groupId().map(b.term().groupId()::equals).orElse(false)
                    && p.schoolId().isPresent()
                    && !p.schoolId().get().equals(b.klass().schoolId())) {
                  teachers.put(p.id(), p);
                }
              }
              Set<UUID> schoolIds = new LinkedHashSet<>();
              teachers.values().forEach(p -> schoolIds.add(p.schoolId().orElseThrow()));
              schoolIds.add(b.klass().schoolId());
              List<Future<List<UUID>>> parts = new ArrayList<>();
              List<UUID> order = List.copyOf(schoolIds);
              order.forEach(s -> parts.add(directory.roomsAndClassesOf(s)));
              return Future.all(parts)
                  .compose(
                      all -> {
                        Set<UUID> roomish = new HashSet<>();
                        for (int i = 0; i < order.size(); i++) {
                          roomish.addAll(all.<List<UUID>>resultAt(i));
                        }
                        return directory
                            .rooms(roomish)
                            .compose(
                                rooms ->
                                    directory
                                        .schools(order)
                                        .map(schools -> withRooms(b, teachers, schools, rooms)));
                      });
            });
  }

  private static Basis withRooms(
      Basis b,
      Map<UUID, ScheduleDirectory.Person> teachers,
      Map<UUID, ScheduleDirectory.SchoolInfo> schools,
      Map<UUID, ScheduleDirectory.Room> rooms) {
    Map<UUID, List<ScheduleDirectory.Room>> main = new HashMap<>();
    List<ScheduleDirectory.Room> receiving = new ArrayList<>();
    for (ScheduleDirectory.Room r : rooms.values()) {
      if (r.retired()) {
        continue;
      }
      if (r.schoolId().equals(b.klass().schoolId())) {
        if (!r.main()) {
          receiving.add(r);
        }
      } else if (r.main()) {
        main.computeIfAbsent(r.schoolId(), x -> new ArrayList<>()).add(r);
      }
    }
    main.values().forEach(l -> l.sort(Comparator.comparing(ScheduleDirectory.Room::name)));
    receiving.sort(Comparator.comparing(ScheduleDirectory.Room::name));
    return new Basis(
        b.term(),
        b.klass(),
        b.subject(),
        b.from(),
        b.receivingGrid(),
        b.historyTeachers(),
        b.classTeachers(),
        teachers,
        schools,
        main,
        receiving);
  }

  /** One candidate before ranking. */
  private record Candidate(
      ScheduleDirectory.Person teacher,
      ScheduleDirectory.Room mainRoom,
      ScheduleDirectory.Room receivingRoom,
      PeriodSlot mainPeriod,
      PeriodSlot receivingPeriod,
      int weeks,
      int busy,
      int load,
      boolean teachesClass) {}

  private Proposals rank(Tx c, Basis b, int limit) throws SQLException {
    Term term = b.term();
    if (b.from().isAfter(term.lastDay()) || b.receivingRooms().isEmpty()) {
      return new Proposals(b.from(), b.teachers().size(), 0, List.of());
    }
    Map<UUID, PeriodGrid> grids = new HashMap<>();
    Set<UUID> resources = new HashSet<>();
    resources.add(b.klass().id());
    b.receivingRooms().forEach(r -> resources.add(r.id()));
    for (ScheduleDirectory.Person t : b.teachers().values()) {
      UUID school = t.schoolId().orElseThrow();
      resources.add(t.id());
      b.mainRooms().getOrDefault(school, List.of()).forEach(r -> resources.add(r.id()));
      if (!grids.containsKey(school)) {
        grids.put(school, new PeriodGrid(school, store.grid(c, school)));
      }
    }
    Busy busy = Busy.load(c, resources, term, b.from());
    // teaching days of the rest of the term, by the weekday whose timetable they follow
    Map<DayOfWeek, List<LocalDate>> days = new HashMap<>();
    for (LocalDate d = b.from(); !d.isAfter(term.lastDay()); d = d.plusDays(1)) {
      LocalDate day = d;
      term.teachesAs(d).ifPresent(w -> days.computeIfAbsent(w, x -> new ArrayList<>()).add(day));
    }
    List<Candidate> all = new ArrayList<>();
    int slots = 0;
    for (ScheduleDirectory.Person t : b.teachers().values()) {
      UUID school = t.schoolId().orElseThrow();
      List<ScheduleDirectory.Room> mains = b.mainRooms().getOrDefault(school, List.of());
      if (mains.isEmpty()) {
        continue;
      }
      int load = busy.count(t.id());
      for (PeriodSlot p : grids.get(school).slots()) {
        List<LocalDate> on = days.getOrDefault(p.weekday(), List.of());
        Optional<PeriodSlot> there = b.receivingGrid().overlapping(p.weekday(), p.start(), p.end());
        if (on.isEmpty() || there.isEmpty() || !overlapsEnough(p, there.get())) {
          continue;
        }
        slots++;
        BitSet common = busy.on(b.klass().id(), on, p.start(), p.end());
        common.or(busy.on(t.id(), on, p.start(), p.end()));
        ScheduleDirectory.Room mainRoom = freest(busy, mains, on, p, common);
        common.or(busy.on(mainRoom.id(), on, p.start(), p.end()));
        ScheduleDirectory.Room receivingRoom = freest(busy, b.receivingRooms(), on, p, common);
        common.or(busy.on(receivingRoom.id(), on, p.start(), p.end()));
        all.add(
            new Candidate(
                t,
                mainRoom,
                receivingRoom,
                p,
                there.get(),
                on.size(),
                common.cardinality(),
                load,
                b.classTeachers().contains(t.id())));
      }
    }
    all.sort(
        Comparator.comparingInt((Candidate x) -> x.busy() - x.weeks()) // most free weeks first
            .thenComparingInt(Candidate::busy)
            .thenComparing(x -> !x.teachesClass())
            .thenComparingInt(Candidate::load)
            .thenComparing(x -> x.teacher().displayName())
            .thenComparing(x -> x.mainPeriod().weekday())
            .thenComparingInt(x -> x.mainPeriod().period()));
    List<Proposal> best = new ArrayList<>();
    Map<UUID, Integer> perTeacher = new HashMap<>();
    for (Candidate x : all) {
      if (best.size() == limit) {
        break;
      }
      if (x.busy() == x.weeks()) {
        continue; // not one week free: nothing to book
      }
      if (perTeacher.merge(x.teacher().id(), 1, Integer::sum) > PER_TEACHER) {
        continue;
      }
      best.add(
          new Proposal(
              x.teacher(),
              b.schools().get(x.teacher().schoolId().orElseThrow()),
              x.mainRoom(),
              x.receivingRoom(),
              x.mainPeriod(),
              x.receivingPeriod(),
              x.weeks(),
              x.busy(),
              x.teachesClass(),
              x.load(),
              series(b, x)));
    }
    return new Proposals(b.from(), b.teachers().size(), slots, List.copyOf(best));
  }

  private static boolean overlapsEnough(PeriodSlot main, PeriodSlot there) {
    int length = (main.end().toSecondOfDay() - main.start().toSecondOfDay()) / 60;
    return there.overlapMinutes(main.start(), main.end()) >= Math.ceil(length * MIN_OVERLAP);
  }

  /** The room that adds the fewest busy weeks to those already taken. */
  private static ScheduleDirectory.Room freest(
      Busy busy,
      List<ScheduleDirectory.Room> rooms,
      List<LocalDate> on,
      PeriodSlot p,
      BitSet taken) {
    ScheduleDirectory.Room best = rooms.get(0);
    int least = Integer.MAX_VALUE;
    for (ScheduleDirectory.Room r : rooms) {
      BitSet b = busy.on(r.id(), on, p.start(), p.end());
      b.or(taken);
      if (b.cardinality() < least) {
        least = b.cardinality();
        best = r;
      }
    }
    return best;
  }

  private static JsonObject series(Basis b, Candidate x) {
    return new JsonObject()
        .put("termId", b.term().id().toString())
        .put("subject", Wire.id(b.subject()))
        .put("teacherId", x.teacher().id().toString())
        .put("mainClassroomId", x.mainRoom().id().toString())
        .put(
            "receivers",
            new JsonArray()
                .add(
                    new JsonObject()
                        .put("classroomId", x.receivingRoom().id().toString())
                        .put("classId", b.klass().id().toString())))
        .put("weekdays", new JsonArray().add(x.mainPeriod().weekday().getValue()))
        .put("period", x.mainPeriod().period())
        .put("from", b.from().toString())
        .put("to", b.term().lastDay().toString())
        .put("onConflict", "book-free");
  }

  /** Booked holds of the resources in the rest of the term, as sorted intervals. */
  private record Busy(Map<UUID, long[][]> byResource) {
    static Busy load(Tx c, Set<UUID> resources, Term term, LocalDate from) throws SQLException {
      Instant start = from.atStartOfDay(ClassSession.ZONE).toInstant();
      Instant end = term.lastDay().plusDays(1).atStartOfDay(ClassSession.ZONE).toInstant();
      Map<UUID, List<long[]>> found = new HashMap<>();
      for (List<UUID> chunk : Sql.chunks(List.copyOf(resources))) {
        List<Object> params = new ArrayList<>(chunk);
        params.add(end);
        params.add(start);
        c.list(
            "select resource_id, starts_at, ends_at from session_hold where resource_id in ("
                + Sql.marks(chunk)
                + ") and starts_at < ? and ends_at > ?",
            rs ->
                found
                    .computeIfAbsent(Sql.uuid(rs, "resource_id"), x -> new ArrayList<>())
                    .add(
                        new long[] {
                          Sql.instant(rs, "starts_at").getEpochSecond(),
                          Sql.instant(rs, "ends_at").getEpochSecond()
                        }),
            params.toArray());
      }
      Map<UUID, long[][]> out = new HashMap<>();
      found.forEach(
          (id, l) -> {
            long[][] a = l.toArray(long[][]::new);
            java.util.Arrays.sort(a, Comparator.comparingLong(x -> x[0]));
            out.put(id, a);
          });
      return new Busy(out);
    }

    int count(UUID resource) {
      long[][] a = byResource.get(resource);
      return a == null ? 0 : a.length;
    }

    /** Which of {@code days} the resource is held at some time in [from, to) of that day. */
    BitSet on(UUID resource, List<LocalDate> days, LocalTime from, LocalTime to) {
      BitSet out = new BitSet(days.size());
      long[][] a = byResource.get(resource);
      if (a == null) {
        return out;
      }
      for (int i = 0; i < days.size(); i++) {
        long s = days.get(i).atTime(from).atZone(ClassSession.ZONE).toEpochSecond();
        long e = days.get(i).atTime(to).atZone(ClassSession.ZONE).toEpochSecond();
        // first hold that ends after s; holds sorted by start, and none is longer than a day
        int lo = lowerBound(a, s - 86_400);
        for (int j = lo; j < a.length && a[j][0] < e; j++) {
          if (a[j][1] > s) {
            out.set(i);
            break;
          }
        }
      }
      return out;
    }

    private static int lowerBound(long[][] a, long start) {
      int lo = 0;
      int hi = a.length;
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (a[mid][0] < start) {
          lo = mid + 1;
        } else {
          hi = mid;
        }
      }
      return lo;
    }
  }
}
