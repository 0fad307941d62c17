package org.classbridge.schedule;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.classbridge.audit.AuditLog;
import org.classbridge.common.Problem;
import org.classbridge.common.Validation;
import org.classbridge.identity.Principal;
import org.classbridge.sql.Database;
import org.classbridge.sql.Sql;
import org.classbridge.sql.Tx;

/**
 * Terms (teaching days, holidays, make-up workdays) and each school's period grid: the calendar
 * that sessions are booked into. Coordinators keep their group's; everyone in the group reads.
 */
public final class TermCalendar {
  /** Longest term accepted: a school year's semester is about 20 weeks. */
  static final int MAX_TERM_DAYS = 200;

  private final Database db;
  private final ScheduleStore store;
  private final ScheduleDirectory directory;
  private final AuditLog audit;
  private final Clock clock;

  TermCalendar(
      Database db, ScheduleStore store, ScheduleDirectory directory, AuditLog audit, Clock clock) {
    this.db = db;
    this.store = store;
    this.directory = directory;
    this.audit = audit;
    this.clock = clock;
  }

  // --- terms

  private static final Set<String> TERM_FIELDS =
      Set.of("groupId", "name", "firstDay", "lastDay", "holidays", "makeupDays");

  /** A term as a request describes it: validated, not yet stored. */
  private static Term readTerm(BodyReader r, UUID id, UUID groupId, java.time.Instant at, int v) {
    Validation val = r.validation();
    String name = r.text("name", 200);
    LocalDate first = r.date("firstDay");
    LocalDate last = r.date("lastDay");
    Map<LocalDate, String> holidays = new TreeMap<>();
    Map<LocalDate, DayOfWeek> makeup = new TreeMap<>();
    if (first != null && last != null) {
      if (last.isBefore(first)) {
        val.error("lastDay", "reversed", "must not be before firstDay");
      } else if (ChronoUnit.DAYS.between(first, last) >= MAX_TERM_DAYS) {
        val.error("lastDay", "out-of-range", "a term is at most " + MAX_TERM_DAYS + " days");
      }
    }
    for (BodyReader h : r.objects("holidays", 0, 100)) {
      h.only(Set.of("from", "to", "label"));
      LocalDate from = h.date("from");
      LocalDate to = h.optDate("to").orElse(from);
      String label = h.optText("label", 200).orElse("");
      if (from == null || to == null || first == null || last == null || !val.ok()) {
        continue;
      }
      if (to.isBefore(from) || from.isBefore(first) || to.isAfter(last)) {
        val.error(h.path("from"), "outside-term", "a holiday lies within the term, from <= to");
        continue;
      }
      for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(1)) {
        holidays.put(d, label);
      }
    }
    for (BodyReader m : r.objects("makeupDays", 0, 50)) {
      m.only(Set.of("day", "teachesAs"));
      LocalDate day = m.date("day");
      Integer as = m.integer("teachesAs", 1, 7);
      if (day == null || as == null || first == null || last == null) {
        continue;
      }
      if (day.isBefore(first) || day.isAfter(last)) {
        val.error(m.path("day"), "outside-term", "a make-up day lies within the term");
      } else if (holidays.containsKey(day)) {
        val.error(m.path("day"), "holiday", "is a holiday of this term");
      } else if (makeup.put(day, DayOfWeek.of(as)) != null) {
        val.error(m.path("day"), "duplicate", "is named twice");
      }
    }
    val.orThrow();
    return new Term(id, groupId, name, first, last, holidays, makeup, at, v);
  }

  public Future<Term> createTerm(Principal actor, JsonObject body) {
    Validation v = new Validation();
    BodyReader r = new BodyReader(body, v);
    r.only(TERM_FIELDS);
    UUID groupId = r.uuid("groupId");
    v.orThrow();
    if (!GroupRules.canManage(actor, groupId)) {
      throw actor.canSeeGroup(groupId)
          ? Problem.forbidden("forbidden", "only the group's coordinator or an admin adds terms")
          : Problem.validation(
              List.of(new Problem.FieldError("groupId", "unknown-group", "no such group")));
    }
    Term t = readTerm(r, UUID.randomUUID(), groupId, Tx.now(clock), 0);
    return db.transaction(
        c -> {
          Sql.unique(
              () -> Problem.conflict("term-exists", "the group has a term named " + t.name()),
              () -> store.insertTerm(c, t));
          audit.record(c, actor, "term.created", "term", t.id(), groupId, t.toJson());
          return t;
        });
  }

  public Future<Term> updateTerm(Principal actor, UUID id, int expectedVersion, JsonObject patch) {
    return db.transaction(
        c -> {
          Term current = visibleTerm(c, actor, id);
          GroupRules.requireManage(actor, current.groupId(), "term", id);
          // a merge patch over the term's own JSON, then read like a new term
          JsonObject merged = current.toJson();
          merged.remove("id");
          merged.remove("version");
          merged.remove("groupId");
          merged.put(
              "holidays",
              new io.vertx.core.json.JsonArray(
                  current.holidays().entrySet().stream()
                      .map(
                          e ->
                              (Object)
                                  new JsonObject()
                                      .put("from", e.getKey().toString())
                                      .put("label", e.getValue()))
                      .toList()));
          for (String f : patch.fieldNames()) {
            if (!Set.of("name", "firstDay", "lastDay", "holidays", "makeupDays").contains(f)) {
              throw Problem.validation(
                  List.of(new Problem.FieldError(f, "unknown-field", "cannot be changed")));
            }
            merged.put(f, patch.getValue(f));
          }
          if (current.version() != expectedVersion) {
            throw Problem.of(
                Problem.Kind.PRECONDITION_FAILED,
                "version-mismatch",
                "the term changed since you read it (version " + current.version() + ")");
          }
          Validation v = new Validation();
          Term next =
              readTerm(
                  new BodyReader(merged, v),
                  id,
                  current.groupId(),
                  current.createdAt(),
                  current.version() + 1);
          if (store.updateTerm(c, next, expectedVersion) != 1) {
            throw Problem.of(
                Problem.Kind.PRECONDITION_FAILED, "version-mismatch", "the term changed meanwhile");
          }
          audit.record(
              c,
              actor,
              "term.updated",
              "term",
              id,
              current.groupId(),
              AuditLog.diff(current.toJson(), next.toJson()));
          return next;
        });
  }

  private Term visibleTerm(Tx c, Principal viewer, UUID id) throws java.sql.SQLException {
    return store
        .term(c, id)
        .filter(t -> GroupRules.canRead(viewer, t.groupId()))
        .orElseThrow(() -> Problem.notFound("term-not-found", "no term " + id));
  }

  public Future<Term> term(Principal viewer, UUID id) {
    return db.read(c -> visibleTerm(c, viewer, id));
  }

  /** Terms of the viewer's group (an admin names the group, or sees all). */
  public Future<List<Term>> terms(Principal viewer, Optional<UUID> groupId) {
    return db.read(
        c -> {
          if (groupId.isPresent()) {
            return GroupRules.canRead(viewer, groupId.get())
                ? store.termsOfGroup(c, groupId.get())
                : List.<Term>of();
          }
          if (viewer.groupId().isPresent()) {
            return store.termsOfGroup(c, viewer.groupId().get());
          }
          return store.allTerms(c);
        });
  }

  /** For the booking path: the term, if the viewer's group may use it. */
  Future<Term> termFor(Principal actor, UUID termId) {
    return term(actor, termId);
  }

  // --- period grids

  public Future<PeriodGrid> grid(Principal viewer, UUID schoolId) {
    return school(viewer, schoolId)
        .compose(s -> db.read(c -> new PeriodGrid(schoolId, store.grid(c, schoolId))));
  }

  private Future<ScheduleDirectory.SchoolInfo> school(Principal viewer, UUID schoolId) {
    return directory
        .schools(List.of(schoolId))
        .map(
            m ->
                Optional.ofNullable(m.get(schoolId))
                    .filter(s -> GroupRules.canRead(viewer, s.groupId()))
                    .orElseThrow(
                        () -> Problem.notFound("school-not-found", "no school " + schoolId)));
  }

  /**
   * Replaces a school's whole grid (PUT: the grid is one document). Periods of one weekday may not
   * overlap and each number appears once per weekday; existing sessions keep their times.
   */
  public Future<PeriodGrid> replaceGrid(Principal actor, UUID schoolId, JsonObject body) {
    Validation v = new Validation();
    BodyReader r = new BodyReader(body, v);
    r.only(Set.of("periods"));
    List<PeriodSlot> slots = new ArrayList<>();
    for (BodyReader p : r.objects("periods", 0, PeriodSlot.MAX_PERIOD * 7)) {
      p.only(Set.of("period", "label", "weekdays", "start", "end"));
      Integer period = p.integer("period", 1, PeriodSlot.MAX_PERIOD);
      Optional<String> label = p.optText("label", 30);
      Set<DayOfWeek> days = p.weekdays("weekdays");
      LocalTime start = p.time("start");
      LocalTime end = p.time("end");
      if (period == null || start == null || end == null) {
        continue;
      }
      if (!start.isBefore(end)) {
        v.error(p.path("end"), "reversed", "must be after start");
        continue;
      }
      for (DayOfWeek d : days) {
        slots.add(new PeriodSlot(d, period, label.orElse("第" + period + "节"), start, end));
      }
    }
    Map<DayOfWeek, List<PeriodSlot>> byDay = new HashMap<>();
    slots.forEach(s -> byDay.computeIfAbsent(s.weekday(), k -> new ArrayList<>()).add(s));
    byDay.forEach(
        (day, list) -> {
          list.sort(java.util.Comparator.comparing(PeriodSlot::start));
          for (int i = 1; i < list.size(); i++) {
            PeriodSlot a = list.get(i - 1);
            PeriodSlot b = list.get(i);
            if (a.period() == b.period()) {
              v.error("periods", "duplicate-period", "period " + a.period() + " twice on " + day);
            } else if (b.start().isBefore(a.end())) {
              v.error(
                  "periods",
                  "overlapping-periods",
                  "periods " + a.period() + " and " + b.period() + " overlap on " + day);
            }
          }
          java.util.Set<Integer> numbers = new java.util.HashSet<>();
          for (PeriodSlot s : list) {
            if (!numbers.add(s.period())) {
              v.error("periods", "duplicate-period", "period " + s.period() + " twice on " + day);
            }
          }
        });
    v.orThrow();
    return school(actor, schoolId)
        .compose(
            s -> {
              GroupRules.requireManage(actor, s.groupId(), "school", schoolId);
              return db.transaction(
                  c -> {
                    store.replaceGrid(c, schoolId, slots);
                    PeriodGrid g = new PeriodGrid(schoolId, slots);
                    audit.record(
                        c, actor, "periods.replaced", "school", schoolId, s.groupId(), g.toJson());
                    return g;
                  });
            });
  }
}
