package org.classbridge.schedule;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.common.Problem;
import org.classbridge.common.Subject;
import org.classbridge.common.Validation;
import org.classbridge.identity.Principal;
import org.classbridge.sql.Database;

/**
 * Turns a coordinator's request (one session, a weekly series, a move, a new teacher, a
 * cancellation) into {@link SessionBooking.Placement}s: it checks the participants against the
 * directory, places each occurrence on the main school's bells inside the term (skipping holidays,
 * honouring make-up days), and hands the result to the one write path.
 */
public final class SessionScheduler {
  /**
   * Most occurrences one request may book: a class every school day of a 20-week term is about 100.
   * More is a mistake (a wrong year in a date) or an attempt to hold the booking lock for long; it
   * is refused whole, before anything is locked.
   */
  static final int MAX_OCCURRENCES = 120;

  /** Most lesson resources linked to one session. */
  static final int MAX_RESOURCES = 20;

  /** Shortest bookable session; anything shorter is a typing mistake. */
  static final Duration SHORTEST = Duration.ofMinutes(10);

  private final Database db;
  private final ScheduleStore store;
  private final TermCalendar terms;
  private final Pairings pairings;
  private final ParticipantRules rules;
  private final SessionBooking booking;
  private final Duration longest;

  SessionScheduler(
      Database db,
      ScheduleStore store,
      TermCalendar terms,
      Pairings pairings,
      ParticipantRules rules,
      SessionBooking booking,
      Duration longest) {
    this.db = db;
    this.store = store;
    this.terms = terms;
    this.pairings = pairings;
    this.rules = rules;
    this.booking = booking;
    this.longest = longest;
  }

  /** Whether the occurrences that collide are refused with the rest or left out. */
  public enum OnConflict {
    REJECT,
    BOOK_FREE
  }

  /** How far a change reaches: this session, or it and the later ones of its series. */
  public enum Scope {
    THIS,
    FOLLOWING
  }

  /** What a booking is of: the term, subject, participants, and where the times come from. */
  private record Basis(
      Term term,
      Subject subject,
      Participants participants,
      Optional<UUID> pairingId,
      PeriodGrid mainGrid,
      Optional<String> title,
      List<UUID> resources,
      Optional<UUID> studioId) {}

  private static final Set<String> BASIS_FIELDS =
      Set.of(
          "pairingId",
          "termId",
          "subject",
          "teacherId",
          "mainClassroomId",
          "mainClassId",
          "receivers",
          "title",
          "resources");

  /** Reads and checks the basis; the caller has already called {@code r.only(...)}. */
  private Future<Basis> basis(Principal actor, BodyReader r, JsonObject body) {
    Validation v = r.validation();
    Optional<String> title = r.optText("title", 200);
    List<UUID> resources = r.ids("resources", MAX_RESOURCES);
    if (r.has("pairingId")) {
      for (String f :
          List.of(
              "termId", "subject", "teacherId", "mainClassroomId", "mainClassId", "receivers")) {
        if (r.has(f)) {
          v.error(f, "with-pairing", "comes from the pairing; leave it out or leave pairingId out");
        }
      }
      UUID pairingId = r.uuid("pairingId");
      v.orThrow();
      return pairings
          .pairing(actor, pairingId)
          .recover(
              e -> Future.failedFuture(unknown("pairingId", "unknown-pairing", "no such pairing")))
          .compose(
              p -> {
                if (p.retiredAt().isPresent()) {
                  throw Problem.validation(
                      List.of(
                          new Problem.FieldError(
                              "pairingId", "retired", "this pairing has been retired")));
                }
                return terms
                    .termFor(actor, p.termId())
                    .compose(
                        term ->
                            finish(
                                actor,
                                term,
                                p.subject(),
                                p.participants(),
                                Optional.of(p.id()),
                                title,
                                resources));
              });
    }
    UUID termId = r.uuid("termId");
    Subject subject =
        v.oneOf("subject", body.getValue("subject") instanceof String s ? s : null, Subject.class);
    Participants who = ParticipantRules.read(r);
    v.orThrow();
    return terms
        .termFor(actor, termId)
        .recover(e -> Future.failedFuture(unknown("termId", "unknown-term", "no such term")))
        .compose(term -> finish(actor, term, subject, who, Optional.empty(), title, resources));
  }

  private static Problem unknown(String field, String code, String message) {
    return Problem.validation(List.of(new Problem.FieldError(field, code, message)));
  }

  private Future<Basis> finish(
      Principal actor,
      Term term,
      Subject subject,
      Participants who,
      Optional<UUID> pairingId,
      Optional<String> title,
      List<UUID> resources) {
    GroupRules.requireManage(actor, term.groupId(), "term", term.id());
    return checked(term, subject, who, pairingId, title, resources, Optional.empty());
  }

  /** The participants checked, and the main school's bells read: a basis to place sessions on. */
  private Future<Basis> checked(
      Term term,
      Subject subject,
      Participants who,
      Optional<UUID> pairingId,
      Optional<String> title,
      List<UUID> resources,
      Optional<UUID> studioId) {
    return rules
        .check(term.groupId(), who)
        .compose(
            checked ->
                db.read(
                        c ->
                            new PeriodGrid(
                                checked.mainSchoolId(), store.grid(c, checked.mainSchoolId())))
                    .map(
                        grid ->
                            new Basis(
                                term, subject, who, pairingId, grid, title, resources, studioId)));
  }

  // --- times

  private static Instant at(LocalDate day, LocalTime t) {
    ZonedDateTime z =
        t.equals(LocalTime.MAX)
            ? day.plusDays(1).atStartOfDay(ClassSession.ZONE)
            : day.atTime(t).atZone(ClassSession.ZONE);
    return z.toInstant();
  }

  /** An occurrence placed in absolute time. */
  private record Slot(LocalDate day, Optional<Integer> period, Instant start, Instant end) {}

  /** The main school's period {@code period} on {@code day}, inside the term. */
  private static Slot onPeriod(
      Term term, PeriodGrid grid, LocalDate day, int period, String field) {
    if (!term.contains(day)) {
      throw unknown(field, "outside-term", day + " is not in the term " + term.name());
    }
    DayOfWeek as =
        term.teachesAs(day).orElseThrow(() -> unknown(field, "holiday", day + " is a holiday"));
    PeriodSlot slot =
        grid.slot(as, period)
            .orElseThrow(
                () ->
                    unknown(
                        "period",
                        "unknown-period",
                        "the main school has no period " + period + " on " + as));
    return new Slot(day, Optional.of(period), at(day, slot.start()), at(day, slot.end()));
  }

  /** A session by clock time: offsets given, same day in Beijing time, inside the term. */
  private Slot byClock(Term term, Instant start, Instant end) {
    if (!start.isBefore(end)) {
      throw unknown("endsAt", "reversed", "a session ends after it starts");
    }
    Duration d = Duration.between(start, end);
    if (d.compareTo(SHORTEST) < 0 || d.compareTo(longest) > 0) {
      throw unknown(
          "endsAt",
          "out-of-range",
          "a session lasts " + SHORTEST.toMinutes() + " to " + longest.toMinutes() + " minutes");
    }
    LocalDate day = start.atZone(ClassSession.ZONE).toLocalDate();
    if (!end.minusNanos(1).atZone(ClassSession.ZONE).toLocalDate().equals(day)) {
      throw unknown(
          "endsAt", "crosses-midnight", "a session ends on the day it starts (Beijing time)");
    }
    if (!term.contains(day)) {
      throw unknown("startsAt", "outside-term", day + " is not in the term " + term.name());
    }
    if (term.isHoliday(day)) {
      throw unknown("startsAt", "holiday", day + " is a holiday");
    }
    return new Slot(day, Optional.empty(), start, end);
  }

  private static ClassSession newSession(Basis b, Slot s, Optional<UUID> seriesId) {
    UUID id = UUID.randomUUID();
    return new ClassSession(
        id,
        b.term().groupId(),
        b.term().id(),
        seriesId,
        b.pairingId(),
        b.studioId(),
        b.subject(),
        b.title(),
        b.participants(),
        s.start(),
        s.end(),
        s.day(),
        s.period(),
        ClassSession.roomNameFor(id),
        SessionStatus.BOOKED,
        b.resources(),
        0);
  }

  // --- one session

  private static final Set<String> SESSION_FIELDS =
      union(BASIS_FIELDS, Set.of("day", "period", "startsAt", "endsAt"));

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> out = new HashSet<>(a);
    out.addAll(b);
    return Set.copyOf(out);
  }

  /**
   * When one new session is: a day and the main school's period, or a clock time. Read with the
   * rest of the body, so every mistake is reported at once.
   */
  private record When(LocalDate day, Integer period, Instant start, Instant end) {
    static When read(BodyReader r) {
      boolean byPeriod = r.has("day") || r.has("period");
      boolean byClock = r.has("startsAt") || r.has("endsAt");
      if (byPeriod == byClock) {
        r.validation()
            .error(
                "day", "time-required", "give day and period, or startsAt and endsAt (not both)");
      }
      return new When(
          byPeriod ? r.date("day") : null,
          byPeriod ? r.integer("period", 1, PeriodSlot.MAX_PERIOD) : null,
          byClock ? r.instant("startsAt") : null,
          byClock ? r.instant("endsAt") : null);
    }
  }

  private Slot place(Basis b, When w) {
    return w.start() == null
        ? onPeriod(b.term(), b.mainGrid(), w.day(), w.period(), "day")
        : byClock(b.term(), w.start(), w.end());
  }

  private Future<ClassSession> planOne(Principal actor, JsonObject body) {
    Validation v = new Validation();
    BodyReader r = new BodyReader(body, v);
    r.only(SESSION_FIELDS);
    When when = When.read(r);
    return basis(actor, r, body).map(b -> newSession(b, place(b, when), Optional.empty()));
  }

  /** Books one session, or refuses with every conflict. */
  public Future<ClassSession> book(Principal actor, JsonObject body) {
    return planOne(actor, body).compose(s -> bookFresh(actor, s));
  }

  private Future<ClassSession> bookFresh(Principal actor, ClassSession s) {
    return booking
        .write(
            actor,
            "session.booked",
            List.of(SessionBooking.Placement.fresh(s)),
            SessionBooking.Mode.ALL_OR_NOTHING,
            Optional.empty())
        .map(o -> o.written().get(0));
  }

  /**
   * The studio a research session is booked for, as the studio feature knows it. The caller has
   * decided that the actor may book for it (its lead, or a coordinator of its group).
   *
   * @param members the teachers who may take part besides the lead
   */
  public record Studio(
      UUID id, UUID groupId, Subject subject, UUID leadId, java.util.Set<UUID> members) {
    public Studio {
      members = java.util.Set.copyOf(members);
    }
  }

  private static final Set<String> RESEARCH_FIELDS =
      Set.of(
          "termId",
          "mainClassroomId",
          "colleagues",
          "title",
          "resources",
          "day",
          "period",
          "startsAt",
          "endsAt");

  /**
   * Books a teachers' research session of a studio: the lead hosts it from a main classroom, the
   * colleagues (all members when none are named) take part from wherever they are. It goes through
   * the same write path as a class, so neither the lead, a colleague nor the room can be in a class
   * at the same time.
   */
  public Future<ClassSession> bookResearch(Principal actor, Studio studio, JsonObject body) {
    Validation v = new Validation();
    BodyReader r = new BodyReader(body, v);
    r.only(RESEARCH_FIELDS);
    When when = When.read(r);
    UUID termId = r.uuid("termId");
    UUID room = r.uuid("mainClassroomId");
    Optional<String> title = r.optText("title", 200);
    List<UUID> resources = r.ids("resources", MAX_RESOURCES);
    List<UUID> colleagues =
        r.has("colleagues")
            ? r.ids("colleagues", ParticipantRules.MAX_COLLEAGUES)
            : studio.members().stream().filter(m -> !m.equals(studio.leadId())).sorted().toList();
    for (int i = 0; i < colleagues.size(); i++) {
      UUID t = colleagues.get(i);
      if (t.equals(studio.leadId())) {
        v.error("colleagues[" + i + "]", "duplicate", "the lead hosts the session");
      } else if (!studio.members().contains(t)) {
        v.error("colleagues[" + i + "]", "not-a-member", "not a member of the studio");
      }
    }
    boolean named = r.has("colleagues");
    if (colleagues.isEmpty()
        && (!named || body.getValue("colleagues") instanceof JsonArray a && a.isEmpty())) {
      v.error("colleagues", "required", "a research session has at least one colleague");
    }
    if (!named && colleagues.size() > ParticipantRules.MAX_COLLEAGUES) {
      v.error(
          "colleagues",
          "too-many",
          "at most " + ParticipantRules.MAX_COLLEAGUES + " colleagues (the studio's largest room)");
    }
    v.orThrow();
    Participants who =
        new Participants(studio.leadId(), room, Optional.empty(), List.of(), colleagues);
    return terms
        .termFor(actor, termId)
        .recover(e -> Future.failedFuture(unknown("termId", "unknown-term", "no such term")))
        .compose(
            term -> {
              if (!term.groupId().equals(studio.groupId())) {
                throw unknown("termId", "unknown-term", "no term of the studio's group");
              }
              return checked(
                  term,
                  studio.subject(),
                  who,
                  Optional.empty(),
                  title,
                  resources,
                  Optional.of(studio.id()));
            })
        .map(b -> newSession(b, place(b, when), Optional.empty()))
        .compose(s -> bookFresh(actor, s));
  }

  /** What booking this session would collide with, without booking it. */
  public Future<List<Conflict>> previewOne(Principal actor, JsonObject body) {
    return planOne(actor, body)
        .compose(s -> booking.preview(List.of(SessionBooking.Placement.fresh(s))));
  }

  // --- series

  /** A series as planned: its sessions, and the days left out and why. */
  public record SeriesPlan(
      UUID seriesId,
      List<ClassSession> sessions,
      List<JsonObject> skippedDays,
      SessionBooking.SeriesRow row,
      OnConflict onConflict) {}

  /** The outcome of booking a series, or of previewing it. */
  public record SeriesOutcome(
      Optional<UUID> seriesId,
      List<ClassSession> booked,
      List<ClassSession> planned,
      List<Conflict> conflicts,
      List<JsonObject> skippedDays) {
    public JsonObject summary() {
      JsonArray c = new JsonArray();
      conflicts.forEach(k -> c.add(k.toJson()));
      return new JsonObject()
          .put("seriesId", seriesId.map(UUID::toString).orElse(null))
          .put("bookedCount", booked.size())
          .put("plannedCount", planned.size())
          .put("conflicts", c)
          .put("skippedDays", new JsonArray(new ArrayList<>(skippedDays)));
    }
  }

  private static final Set<String> SERIES_FIELDS =
      union(BASIS_FIELDS, Set.of("weekdays", "period", "from", "to", "onConflict"));

  private Future<SeriesPlan> planSeries(Principal actor, JsonObject body) {
    Validation v = new Validation();
    BodyReader r = new BodyReader(body, v);
    r.only(SERIES_FIELDS);
    Set<DayOfWeek> weekdays = r.weekdays("weekdays");
    Integer period = r.integer("period", 1, PeriodSlot.MAX_PERIOD);
    Optional<LocalDate> from = r.optDate("from");
    Optional<LocalDate> to = r.optDate("to");
    OnConflict onConflict =
        r.has("onConflict")
            ? v.oneOf(
                "onConflict",
                body.getValue("onConflict") instanceof String s ? s : "",
                OnConflict.class)
            : OnConflict.REJECT;
    return basis(actor, r, body)
        .map(
            b -> {
              Term term = b.term();
              LocalDate first = from.orElse(term.firstDay());
              LocalDate last = to.orElse(term.lastDay());
              if (last.isBefore(first)) {
                throw unknown("to", "reversed", "the series ends after it starts");
              }
              if (!term.contains(first) || !term.contains(last)) {
                throw unknown(
                    term.contains(first) ? "to" : "from",
                    "outside-term",
                    "a series lies within the term " + term.firstDay() + " .. " + term.lastDay());
              }
              for (DayOfWeek d : weekdays) {
                if (b.mainGrid().slot(d, period).isEmpty()) {
                  throw unknown(
                      "period",
                      "unknown-period",
                      "the main school has no period " + period + " on " + d);
                }
              }
              UUID seriesId = UUID.randomUUID();
              List<ClassSession> sessions = new ArrayList<>();
              List<JsonObject> skipped = new ArrayList<>();
              for (LocalDate d = first; !d.isAfter(last); d = d.plusDays(1)) {
                Optional<DayOfWeek> as = term.teachesAs(d);
                if (as.isEmpty()) {
                  if (weekdays.contains(d.getDayOfWeek())) {
                    skipped.add(
                        new JsonObject()
                            .put("day", d.toString())
                            .put("reason", "holiday")
                            .put("label", term.holidays().get(d)));
                  }
                  continue;
                }
                if (!weekdays.contains(as.get())) {
                  continue;
                }
                if (sessions.size() == MAX_OCCURRENCES) {
                  throw Problem.invalid(
                          "series-too-large",
                          "a series books at most " + MAX_OCCURRENCES + " sessions; split it")
                      .with("limit", MAX_OCCURRENCES);
                }
                sessions.add(
                    newSession(
                        b, onPeriod(term, b.mainGrid(), d, period, "from"), Optional.of(seriesId)));
              }
              if (sessions.isEmpty()) {
                throw Problem.invalid(
                    "no-occurrences",
                    "no teaching day between "
                        + first
                        + " and "
                        + last
                        + " falls on those weekdays");
              }
              SessionBooking.SeriesRow row =
                  new SessionBooking.SeriesRow(
                      seriesId,
                      term.groupId(),
                      term.id(),
                      b.pairingId(),
                      weekdays,
                      period,
                      first,
                      last);
              return new SeriesPlan(seriesId, sessions, skipped, row, onConflict);
            });
  }

  /** Books a weekly series: all of it, or (onConflict = book-free) the dates that are free. */
  public Future<SeriesOutcome> bookSeries(Principal actor, JsonObject body) {
    return planSeries(actor, body)
        .compose(
            plan ->
                booking
                    .write(
                        actor,
                        "series.booked",
                        plan.sessions().stream().map(SessionBooking.Placement::fresh).toList(),
                        plan.onConflict() == OnConflict.BOOK_FREE
                            ? SessionBooking.Mode.FREE_ONLY
                            : SessionBooking.Mode.ALL_OR_NOTHING,
                        Optional.of(plan.row()))
                    .map(
                        o ->
                            new SeriesOutcome(
                                o.written().isEmpty()
                                    ? Optional.empty()
                                    : Optional.of(plan.seriesId()),
                                o.written(),
                                plan.sessions(),
                                o.skipped(),
                                plan.skippedDays())));
  }

  /** Every date of the series and what it would collide with, before saving. */
  public Future<SeriesOutcome> previewSeries(Principal actor, JsonObject body) {
    return planSeries(actor, body)
        .compose(
            plan ->
                booking
                    .preview(plan.sessions().stream().map(SessionBooking.Placement::fresh).toList())
                    .map(
                        conflicts ->
                            new SeriesOutcome(
                                Optional.empty(),
                                List.of(),
                                plan.sessions(),
                                conflicts,
                                plan.skippedDays())));
  }

  // --- changes

  private static final Set<String> CHANGE_FIELDS =
      Set.of(
          "day",
          "period",
          "startsAt",
          "endsAt",
          "teacherId",
          "mainClassroomId",
          "mainClassId",
          "receivers",
          "title",
          "resources");

  private static final Set<String> THIS_ONLY = Set.of("day", "startsAt", "endsAt");

  private Future<ClassSession> managed(Principal actor, UUID id) {
    return db.read(c -> store.session(c, id, false))
        .map(
            found ->
                found
                    .filter(s -> GroupRules.canRead(actor, s.groupId()))
                    .orElseThrow(() -> Problem.notFound("session-not-found", "no session " + id)))
        .map(
            s -> {
              GroupRules.requireManage(actor, s.groupId(), "session", id);
              return s;
            });
  }

  /**
   * Moves a session, swaps its teacher or receivers, or renames it; with {@link Scope#FOLLOWING}
   * the same change (new teacher, new period, new rooms) applies to every later session of its
   * series, each on its own day. All through the one booking path, so a move never double books.
   */
  public Future<List<ClassSession>> change(
      Principal actor, UUID id, int readVersion, JsonObject patch, Scope scope) {
    Validation v = new Validation();
    BodyReader r = new BodyReader(patch, v);
    r.only(CHANGE_FIELDS);
    if (scope == Scope.FOLLOWING) {
      for (String f : THIS_ONLY) {
        if (r.has(f)) {
          v.error(f, "this-only", "moving to another day applies to one session (scope=this)");
        }
      }
    }
    boolean byPeriod = r.has("day") || r.has("period");
    boolean byClock = r.has("startsAt") || r.has("endsAt");
    if (byPeriod && byClock) {
      v.error("day", "time-required", "give day and period, or startsAt and endsAt (not both)");
    }
    Optional<LocalDate> newDay = r.optDate("day");
    Optional<Integer> newPeriod = r.optInteger("period", 1, PeriodSlot.MAX_PERIOD);
    Instant start = byClock ? r.instant("startsAt") : null;
    Instant end = byClock ? r.instant("endsAt") : null;
    Optional<String> title = r.optText("title", 200);
    // read once, with the rest of the patch: a bad id is refused, never silently dropped
    Optional<List<UUID>> resources =
        patch.containsKey("resources")
            ? Optional.of(r.ids("resources", MAX_RESOURCES))
            : Optional.empty();
    boolean participantsChange =
        r.has("teacherId")
            || r.has("mainClassroomId")
            || r.has("mainClassId")
            || r.has("receivers");
    v.orThrow();
    return managed(actor, id)
        .compose(
            current -> {
              if (!current.booked()) {
                throw Problem.conflict(
                    "session-cancelled", "a cancelled session cannot be changed");
              }
              if (scope == Scope.FOLLOWING && current.seriesId().isEmpty()) {
                throw Problem.invalid("not-in-series", "this session is not part of a series");
              }
              Participants base = current.participants();
              Participants who =
                  participantsChange
                      ? new Participants(
                          patch.containsKey("teacherId") ? r.uuid("teacherId") : base.teacherId(),
                          patch.containsKey("mainClassroomId")
                              ? r.uuid("mainClassroomId")
                              : base.mainClassroomId(),
                          patch.containsKey("mainClassId")
                              ? r.optUuid("mainClassId")
                              : base.mainClassId(),
                          patch.containsKey("receivers")
                              ? ParticipantRules.read(r).receivers()
                              : base.receivers(),
                          base.colleagues())
                      : base;
              if (current.research()
                  && (r.has("mainClassId") || r.has("receivers") || r.has("teacherId"))) {
                v.error(
                    r.has("teacherId")
                        ? "teacherId"
                        : r.has("receivers") ? "receivers" : "mainClassId",
                    "research-session",
                    "a research session is the studio's: no classes, and its lead hosts it");
              }
              v.orThrow();
              Future<Term> term = terms.termFor(actor, current.termId());
              Future<ParticipantRules.Checked> checked = rules.check(current.groupId(), who);
              Future<List<ClassSession>> affected =
                  scope == Scope.THIS
                      ? Future.succeededFuture(List.of(current))
                      : db.read(
                          c -> store.seriesFrom(c, current.seriesId().get(), current.startsAt()));
              return Future.all(term, checked, affected)
                  .compose(
                      all ->
                          db.read(
                                  c ->
                                      new PeriodGrid(
                                          checked.result().mainSchoolId(),
                                          store.grid(c, checked.result().mainSchoolId())))
                              .map(
                                  grid -> {
                                    List<SessionBooking.Placement> out = new ArrayList<>();
                                    for (ClassSession s : affected.result()) {
                                      Slot slot;
                                      if (byClock) {
                                        slot = byClock(term.result(), start, end);
                                      } else if (newDay.isPresent() || newPeriod.isPresent()) {
                                        int p =
                                            newPeriod.orElseGet(
                                                () ->
                                                    s.period()
                                                        .orElseThrow(
                                                            () ->
                                                                unknown(
                                                                    "period",
                                                                    "required",
                                                                    "this session was booked by clock time; name a period")));
                                        slot =
                                            onPeriod(
                                                term.result(),
                                                grid,
                                                newDay.orElse(s.day()),
                                                p,
                                                "day");
                                      } else if (participantsChange && s.period().isPresent()) {
                                        // a new main room may be in another school: its bells
                                        slot =
                                            onPeriod(
                                                term.result(),
                                                grid,
                                                s.day(),
                                                s.period().get(),
                                                "day");
                                      } else {
                                        slot =
                                            new Slot(s.day(), s.period(), s.startsAt(), s.endsAt());
                                      }
                                      ClassSession next =
                                          new ClassSession(
                                              s.id(),
                                              s.groupId(),
                                              s.termId(),
                                              s.seriesId(),
                                              s.pairingId(),
                                              s.studioId(),
                                              s.subject(),
                                              title.isPresent() ? title : s.title(),
                                              who,
                                              slot.start(),
                                              slot.end(),
                                              slot.day(),
                                              slot.period(),
                                              s.roomName(),
                                              s.status(),
                                              resources.orElse(s.resources()),
                                              s.version());
                                      out.add(
                                          SessionBooking.Placement.change(
                                              next, s.id().equals(id) ? readVersion : s.version()));
                                    }
                                    return out;
                                  }));
            })
        .compose(
            placements ->
                booking.write(
                    actor,
                    "session.changed",
                    placements,
                    SessionBooking.Mode.ALL_OR_NOTHING,
                    Optional.empty()))
        .map(SessionBooking.Outcome::written);
  }

  /** Cancels a session, or it and the rest of its series. Cancelled sessions hold nothing. */
  public Future<List<ClassSession>> cancel(Principal actor, UUID id, Scope scope) {
    return managed(actor, id)
        .compose(
            current -> {
              if (!current.booked()) {
                return Future.succeededFuture(List.<ClassSession>of());
              }
              if (scope == Scope.FOLLOWING && current.seriesId().isEmpty()) {
                throw Problem.invalid("not-in-series", "this session is not part of a series");
              }
              Future<List<ClassSession>> affected =
                  scope == Scope.THIS
                      ? Future.succeededFuture(List.of(current))
                      : db.read(
                          c -> store.seriesFrom(c, current.seriesId().get(), current.startsAt()));
              return affected.compose(
                  list ->
                      booking
                          .write(
                              actor,
                              "session.cancelled",
                              list.stream()
                                  .map(
                                      s ->
                                          SessionBooking.Placement.change(
                                              new ClassSession(
                                                  s.id(),
                                                  s.groupId(),
                                                  s.termId(),
                                                  s.seriesId(),
                                                  s.pairingId(),
                                                  s.studioId(),
                                                  s.subject(),
                                                  s.title(),
                                                  s.participants(),
                                                  s.startsAt(),
                                                  s.endsAt(),
                                                  s.day(),
                                                  s.period(),
                                                  s.roomName(),
                                                  SessionStatus.CANCELLED,
                                                  s.resources(),
                                                  s.version()),
                                              s.version()))
                                  .toList(),
                              SessionBooking.Mode.ALL_OR_NOTHING,
                              Optional.empty())
                          .map(SessionBooking.Outcome::written));
            });
  }
}
