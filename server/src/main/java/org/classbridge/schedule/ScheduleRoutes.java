package org.classbridge.schedule;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.common.Problem;
import org.classbridge.common.Subject;
import org.classbridge.common.Validation;
import org.classbridge.http.Access;
import org.classbridge.http.Requests;
import org.classbridge.http.RouteSpec;
import org.classbridge.identity.Role;

/**
 * The timetable over HTTP: the route table first, then one short handler per route that parses,
 * calls a service and answers. Coordinators (their group) and admins write; staff of the group
 * read; pupils read their own timetable; Prosody (with the shared secret) asks about rooms; a
 * calendar app reads a feed by its secret URL.
 */
public final class ScheduleRoutes {
  private static final Access MANAGERS = Access.roles(Role.ADMIN, Role.COORDINATOR);
  private static final Access STAFF = Access.roles(Role.ADMIN, Role.COORDINATOR, Role.TEACHER);
  private static final Access SIGNED_IN = Access.signedIn();

  private final TermCalendar terms;
  private final Pairings pairings;
  private final SessionScheduler scheduler;
  private final TimetableViews views;
  private final AttendanceRegister attendance;
  private final LiveBookings live;
  private final CalendarFeeds feeds;
  private final JitsiReservations reservations;
  private final ScheduleConfig config;

  ScheduleRoutes(
      TermCalendar terms,
      Pairings pairings,
      SessionScheduler scheduler,
      TimetableViews views,
      AttendanceRegister attendance,
      LiveBookings live,
      CalendarFeeds feeds,
      JitsiReservations reservations,
      ScheduleConfig config) {
    this.terms = terms;
    this.pairings = pairings;
    this.scheduler = scheduler;
    this.views = views;
    this.attendance = attendance;
    this.live = live;
    this.feeds = feeds;
    this.reservations = reservations;
    this.config = config;
  }

  List<RouteSpec> routes() {
    Access prosody = new Access.SharedSecret("jitsi-prosody", config.reservationsToken());
    String jitsi = config.reservationsPrefix();
    return List.of(
        RouteSpec.get("/api/v1/subjects", SIGNED_IN, this::subjects),
        RouteSpec.get("/api/v1/terms", STAFF, this::listTerms),
        RouteSpec.post("/api/v1/terms", MANAGERS, this::createTerm),
        RouteSpec.get("/api/v1/terms/{termId}", STAFF, this::getTerm),
        RouteSpec.patch("/api/v1/terms/{termId}", MANAGERS, this::updateTerm),
        RouteSpec.get("/api/v1/schools/{schoolId}/periods", SIGNED_IN, this::getGrid),
        RouteSpec.put("/api/v1/schools/{schoolId}/periods", MANAGERS, this::putGrid),
        RouteSpec.get("/api/v1/schools/{schoolId}/lesson-push", STAFF, this::lessonPush),
        RouteSpec.get("/api/v1/pairings", STAFF, this::listPairings),
        RouteSpec.post("/api/v1/pairings", MANAGERS, this::createPairing),
        RouteSpec.get("/api/v1/pairings/{pairingId}", STAFF, this::getPairing),
        RouteSpec.delete("/api/v1/pairings/{pairingId}", MANAGERS, this::retirePairing),
        RouteSpec.get("/api/v1/me/pairings", SIGNED_IN, this::myPairings),
        RouteSpec.post("/api/v1/sessions", MANAGERS, this::bookSession),
        RouteSpec.post("/api/v1/sessions/preview", MANAGERS, this::previewSession),
        RouteSpec.get("/api/v1/sessions/{sessionId}", SIGNED_IN, this::getSession),
        RouteSpec.patch("/api/v1/sessions/{sessionId}", MANAGERS, this::changeSession),
        RouteSpec.delete("/api/v1/sessions/{sessionId}", MANAGERS, this::cancelSession),
        RouteSpec.get("/api/v1/sessions/{sessionId}/attendance", STAFF, this::getAttendance),
        RouteSpec.put("/api/v1/sessions/{sessionId}/attendance", STAFF, this::markAttendance),
        RouteSpec.get("/api/v1/sessions/{sessionId}/connections", STAFF, this::connections),
        RouteSpec.post("/api/v1/series", MANAGERS, this::bookSeries),
        RouteSpec.post("/api/v1/series/preview", MANAGERS, this::previewSeries),
        RouteSpec.get("/api/v1/timetable", STAFF, this::timetable),
        RouteSpec.get("/api/v1/me/timetable", SIGNED_IN, this::myTimetable),
        RouteSpec.get("/api/v1/attendance", STAFF, this::attendanceReport),
        RouteSpec.get("/api/v1/calendar-feeds", STAFF, this::listFeeds),
        RouteSpec.post("/api/v1/calendar-feeds", STAFF, this::createFeed),
        RouteSpec.delete("/api/v1/calendar-feeds/{feedId}", STAFF, this::revokeFeed),
        RouteSpec.get("/calendar/{token}.ics", Access.anyone(), this::calendar),
        RouteSpec.postForm(jitsi + "/conference", prosody, this::createConference),
        RouteSpec.get(jitsi + "/conference/{conferenceId}", prosody, this::getConference),
        RouteSpec.delete(jitsi + "/conference/{conferenceId}", prosody, this::deleteConference));
  }

  // --- parameters

  private static Optional<UUID> queryId(RoutingContext ctx, String name, Validation v) {
    String raw = ctx.queryParams().get(name);
    return raw == null ? Optional.empty() : Optional.ofNullable(v.uuid(name, raw));
  }

  private static Optional<LocalDate> queryDate(RoutingContext ctx, String name, Validation v) {
    String raw = ctx.queryParams().get(name);
    if (raw == null) {
      return Optional.empty();
    }
    try {
      if (!raw.matches("\\d{4}-\\d{2}-\\d{2}")) {
        throw new IllegalArgumentException();
      }
      return Optional.of(LocalDate.parse(raw));
    } catch (RuntimeException e) {
      v.error(name, "not-a-date", "must be a date yyyy-mm-dd");
      return Optional.empty();
    }
  }

  private <E extends Enum<E>> E queryEnum(
      RoutingContext ctx, String name, Class<E> type, E otherwise, Validation v) {
    String raw = ctx.queryParams().get(name);
    if (raw == null) {
      return otherwise;
    }
    E e = v.oneOf(name, raw, type);
    return e == null ? otherwise : e;
  }

  /** from/to days (to included); without them, the current week. */
  private TimetableViews.Days days(RoutingContext ctx, Validation v) {
    Optional<LocalDate> from = queryDate(ctx, "from", v);
    Optional<LocalDate> to = queryDate(ctx, "to", v);
    v.orThrow();
    if (from.isEmpty() && to.isEmpty()) {
      return TimetableViews.Days.weekOf(views.today());
    }
    LocalDate f = from.orElseGet(() -> to.get().minusDays(6));
    return new TimetableViews.Days(f, to.orElseGet(() -> f.plusDays(6)));
  }

  private static void items(RoutingContext ctx, Future<List<JsonObject>> list) {
    Requests.reply(ctx, 200, list.map(Requests::items));
  }

  private void sessions(RoutingContext ctx, Future<List<ClassSession>> found) {
    items(ctx, found.compose(views::describe));
  }

  private void oneSession(RoutingContext ctx, int status, Future<ClassSession> s) {
    s.compose(x -> views.describe(List.of(x)))
        .onSuccess(
            l -> Requests.sendVersioned(ctx, status, l.get(0), l.get(0).getInteger("version")))
        .onFailure(ctx::fail);
  }

  // --- subjects, terms, grids

  private void subjects(RoutingContext ctx) {
    List<JsonObject> all = new ArrayList<>();
    for (Subject s : Subject.values()) {
      all.add(s.toJson());
    }
    Requests.send(ctx, 200, Requests.items(all));
  }

  private void listTerms(RoutingContext ctx) {
    Validation v = new Validation();
    Optional<UUID> group = queryId(ctx, "groupId", v);
    v.orThrow();
    items(
        ctx,
        terms
            .terms(Requests.principal(ctx), group)
            .map(l -> l.stream().map(Term::toJson).toList()));
  }

  private void createTerm(RoutingContext ctx) {
    terms
        .createTerm(Requests.principal(ctx), Requests.json(ctx))
        .onSuccess(t -> Requests.sendVersioned(ctx, 201, t.toJson(), t.version()))
        .onFailure(ctx::fail);
  }

  private void getTerm(RoutingContext ctx) {
    terms
        .term(Requests.principal(ctx), Requests.pathId(ctx, "termId"))
        .onSuccess(t -> Requests.sendVersioned(ctx, 200, t.toJson(), t.version()))
        .onFailure(ctx::fail);
  }

  private void updateTerm(RoutingContext ctx) {
    JsonObject patch = Requests.json(ctx);
    terms
        .updateTerm(
            Requests.principal(ctx), Requests.pathId(ctx, "termId"), Requests.ifMatch(ctx), patch)
        .onSuccess(t -> Requests.sendVersioned(ctx, 200, t.toJson(), t.version()))
        .onFailure(ctx::fail);
  }

  private void getGrid(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        terms
            .grid(Requests.principal(ctx), Requests.pathId(ctx, "schoolId"))
            .map(PeriodGrid::toJson));
  }

  private void putGrid(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        terms
            .replaceGrid(
                Requests.principal(ctx), Requests.pathId(ctx, "schoolId"), Requests.json(ctx))
            .map(PeriodGrid::toJson));
  }

  private void lessonPush(RoutingContext ctx) {
    String raw = ctx.queryParams().get("days");
    int days = 7;
    if (raw != null) {
      if (!raw.matches("[0-9]{1,3}") || Integer.parseInt(raw) < 1 || Integer.parseInt(raw) > 60) {
        throw Problem.validation(
            List.of(new Problem.FieldError("days", "out-of-range", "must be between 1 and 60")));
      }
      days = Integer.parseInt(raw);
    }
    Requests.reply(
        ctx,
        200,
        views.lessonPush(Requests.principal(ctx), Requests.pathId(ctx, "schoolId"), days));
  }

  // --- pairings

  private void listPairings(RoutingContext ctx) {
    Validation v = new Validation();
    Optional<UUID> group = queryId(ctx, "groupId", v);
    Optional<UUID> term = queryId(ctx, "termId", v);
    v.orThrow();
    var viewer = Requests.principal(ctx);
    UUID g =
        group
            .or(viewer::groupId)
            .orElseThrow(
                () ->
                    Problem.validation(
                        List.of(new Problem.FieldError("groupId", "required", "name the group"))));
    items(ctx, pairings.ofGroup(viewer, g, term).compose(pairings::describe));
  }

  private void createPairing(RoutingContext ctx) {
    pairings
        .create(Requests.principal(ctx), Requests.json(ctx))
        .compose(p -> pairings.describe(List.of(p)))
        .onSuccess(l -> Requests.sendVersioned(ctx, 201, l.get(0), l.get(0).getInteger("version")))
        .onFailure(ctx::fail);
  }

  private void getPairing(RoutingContext ctx) {
    pairings
        .pairing(Requests.principal(ctx), Requests.pathId(ctx, "pairingId"))
        .compose(p -> pairings.describe(List.of(p)))
        .onSuccess(l -> Requests.sendVersioned(ctx, 200, l.get(0), l.get(0).getInteger("version")))
        .onFailure(ctx::fail);
  }

  private void retirePairing(RoutingContext ctx) {
    pairings
        .retire(Requests.principal(ctx), Requests.pathId(ctx, "pairingId"))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void myPairings(RoutingContext ctx) {
    items(ctx, pairings.mine(Requests.principal(ctx)).compose(pairings::describe));
  }

  // --- sessions and series

  private void bookSession(RoutingContext ctx) {
    oneSession(ctx, 201, scheduler.book(Requests.principal(ctx), Requests.json(ctx)));
  }

  private static JsonObject conflicts(List<Conflict> conflicts) {
    JsonArray list = new JsonArray();
    conflicts.forEach(c -> list.add(c.toJson()));
    return new JsonObject().put("conflicts", list).put("free", conflicts.isEmpty());
  }

  private void previewSession(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        scheduler
            .previewOne(Requests.principal(ctx), Requests.json(ctx))
            .map(ScheduleRoutes::conflicts));
  }

  private void getSession(RoutingContext ctx) {
    oneSession(ctx, 200, views.session(Requests.principal(ctx), Requests.pathId(ctx, "sessionId")));
  }

  private SessionScheduler.Scope scope(RoutingContext ctx) {
    Validation v = new Validation();
    SessionScheduler.Scope s =
        queryEnum(ctx, "scope", SessionScheduler.Scope.class, SessionScheduler.Scope.THIS, v);
    v.orThrow();
    return s;
  }

  private void changeSession(RoutingContext ctx) {
    JsonObject patch = Requests.json(ctx);
    UUID id = Requests.pathId(ctx, "sessionId");
    SessionScheduler.Scope scope = scope(ctx);
    int version = Requests.ifMatch(ctx);
    scheduler
        .change(Requests.principal(ctx), id, version, patch, scope)
        .compose(views::describe)
        .onSuccess(
            list -> {
              JsonObject first =
                  list.stream()
                      .filter(j -> j.getString("id").equals(id.toString()))
                      .findFirst()
                      .orElse(list.get(0));
              ctx.response().putHeader("ETag", "\"" + first.getInteger("version") + "\"");
              Requests.send(ctx, 200, Requests.items(list));
            })
        .onFailure(ctx::fail);
  }

  private void cancelSession(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        scheduler
            .cancel(Requests.principal(ctx), Requests.pathId(ctx, "sessionId"), scope(ctx))
            .map(l -> new JsonObject().put("cancelled", l.size())));
  }

  private void bookSeries(RoutingContext ctx) {
    var actor = Requests.principal(ctx);
    scheduler
        .bookSeries(actor, Requests.json(ctx))
        .compose(
            o ->
                views
                    .describe(o.booked())
                    .map(d -> o.summary().put("booked", new JsonArray(new ArrayList<>(d)))))
        .onSuccess(j -> Requests.send(ctx, 201, j))
        .onFailure(ctx::fail);
  }

  private void previewSeries(RoutingContext ctx) {
    scheduler
        .previewSeries(Requests.principal(ctx), Requests.json(ctx))
        .map(
            o -> {
              JsonArray planned = new JsonArray();
              for (ClassSession s : o.planned()) {
                planned.add(
                    new JsonObject()
                        .put("day", s.day().toString())
                        .put("startsAt", s.startsAt().toString())
                        .put("endsAt", s.endsAt().toString()));
              }
              return o.summary().put("planned", planned).put("free", o.conflicts().isEmpty());
            })
        .onSuccess(j -> Requests.send(ctx, 200, j))
        .onFailure(ctx::fail);
  }

  // --- timetables

  private void timetable(RoutingContext ctx) {
    Validation v = new Validation();
    TimetableViews.Scope scope = queryEnum(ctx, "scope", TimetableViews.Scope.class, null, v);
    if (ctx.queryParams().get("scope") == null) {
      v.error("scope", "required", "group, school, teacher, classroom or class");
    }
    Optional<UUID> id = queryId(ctx, "id", v);
    if (ctx.queryParams().get("id") == null) {
      v.error("id", "required", "is required");
    }
    TimetableViews.Days days = days(ctx, v);
    sessions(ctx, views.timetable(Requests.principal(ctx), scope, id.orElseThrow(), days));
  }

  private void myTimetable(RoutingContext ctx) {
    Validation v = new Validation();
    TimetableViews.Days days = days(ctx, v);
    sessions(ctx, views.mine(Requests.principal(ctx), days));
  }

  // --- attendance

  private void connections(RoutingContext ctx) {
    Requests.reply(
        ctx, 200, live.connections(Requests.principal(ctx), Requests.pathId(ctx, "sessionId")));
  }

  private void getAttendance(RoutingContext ctx) {
    Requests.reply(
        ctx, 200, attendance.roster(Requests.principal(ctx), Requests.pathId(ctx, "sessionId")));
  }

  private void markAttendance(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        attendance.mark(
            Requests.principal(ctx), Requests.pathId(ctx, "sessionId"), Requests.json(ctx)));
  }

  private void attendanceReport(RoutingContext ctx) {
    Validation v = new Validation();
    Optional<UUID> term = queryId(ctx, "termId", v);
    if (term.isEmpty() && ctx.queryParams().get("termId") == null) {
      v.error("termId", "required", "is required");
    }
    Optional<UUID> school = queryId(ctx, "schoolId", v);
    Optional<UUID> klass = queryId(ctx, "classId", v);
    String format = ctx.queryParams().get("format");
    if (format != null && !format.equals("json") && !format.equals("csv")) {
      v.error("format", "not-allowed", "json or csv");
    }
    v.orThrow();
    attendance
        .report(Requests.principal(ctx), term.get(), school, klass)
        .onSuccess(
            report -> {
              if ("csv".equals(format)) {
                ctx.response()
                    .putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader(
                        "Content-Disposition",
                        "attachment; filename=\"attendance-" + term.get() + ".csv\"")
                    .end(AttendanceRegister.csv(report));
              } else {
                Requests.send(ctx, 200, report);
              }
            })
        .onFailure(ctx::fail);
  }

  // --- calendars

  private void listFeeds(RoutingContext ctx) {
    items(ctx, feeds.list(Requests.principal(ctx)));
  }

  private void createFeed(RoutingContext ctx) {
    Requests.reply(ctx, 201, feeds.create(Requests.principal(ctx), Requests.json(ctx)));
  }

  private void revokeFeed(RoutingContext ctx) {
    feeds
        .revoke(Requests.principal(ctx), Requests.pathId(ctx, "feedId"))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void calendar(RoutingContext ctx) {
    feeds
        .render(ctx.pathParam("token"))
        .onSuccess(
            ics ->
                ctx.response()
                    .putHeader("Content-Type", "text/calendar; charset=utf-8")
                    .putHeader("Cache-Control", "private, max-age=300")
                    .end(ics))
        .onFailure(ctx::fail);
  }

  // --- Jitsi reservations

  private void createConference(RoutingContext ctx) {
    Requests.reply(ctx, 200, reservations.create(Requests.rawBody(ctx)));
  }

  private void getConference(RoutingContext ctx) {
    Requests.reply(ctx, 200, reservations.get(ctx.pathParam("conferenceId")));
  }

  private void deleteConference(RoutingContext ctx) {
    reservations
        .delete(ctx.pathParam("conferenceId"))
        .onSuccess(v -> Requests.send(ctx, 200, new JsonObject()))
        .onFailure(ctx::fail);
  }
}
