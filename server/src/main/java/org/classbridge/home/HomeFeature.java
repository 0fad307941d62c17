package org.classbridge.home;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.auth.Account;
import org.classbridge.auth.AccountService;
import org.classbridge.auth.SchoolLookup;
import org.classbridge.directory.ClassRoster;
import org.classbridge.directory.Classroom;
import org.classbridge.directory.School;
import org.classbridge.directory.SchoolDirectory;
import org.classbridge.http.Access;
import org.classbridge.http.Feature;
import org.classbridge.http.Requests;
import org.classbridge.http.RouteSpec;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.schedule.Pairings;
import org.classbridge.schedule.ScheduleFeature;
import org.classbridge.schedule.TimetableViews;

/**
 * {@code GET /api/v1/me/dashboard}: everything a role's home screen shows, composed on the server
 * from a handful of batched queries, so the browser makes one request after logging in.
 */
public final class HomeFeature implements Feature {
  private final AccountService accounts;
  private final SchoolDirectory directory;
  private final ClassRoster roster;
  private final Pairings pairings;
  private final ScheduleFeature schedule;

  public HomeFeature(
      AccountService accounts,
      SchoolDirectory directory,
      ClassRoster roster,
      ScheduleFeature schedule) {
    this.accounts = accounts;
    this.directory = directory;
    this.roster = roster;
    this.schedule = schedule;
    this.pairings = schedule.pairings();
  }

  /**
   * This week's timetable as the role's home screen shows it: a coordinator's first school's grid
   * and sessions with the group's pairings and terms (the booking form's choices); anyone else's
   * own sessions. Part of the one dashboard answer, so the screen needs no second round trip.
   */
  private Future<JsonObject> timetable(Principal p, Future<List<School>> schools) {
    TimetableViews views = schedule.views();
    TimetableViews.Days week = TimetableViews.Days.weekOf(views.today());
    JsonObject out =
        new JsonObject().put("from", week.first().toString()).put("to", week.last().toString());
    if (p.role() == Role.ADMIN) {
      return Future.succeededFuture(out);
    }
    if (p.role() != Role.COORDINATOR) {
      return views
          .mine(p, week)
          .compose(views::describe)
          .map(l -> out.put("sessions", new JsonArray(new ArrayList<>(l))));
    }
    UUID group = p.groupId().orElseThrow();
    Future<List<JsonObject>> groupPairings =
        pairings.ofGroup(p, group, Optional.empty()).compose(pairings::describe);
    Future<List<JsonObject>> terms =
        schedule
            .terms()
            .terms(p, Optional.of(group))
            .map(l -> l.stream().map(t -> t.toJson()).toList());
    Future<JsonObject> first =
        schools.compose(
            l -> {
              if (l.isEmpty()) {
                return Future.succeededFuture(new JsonObject());
              }
              UUID school = l.get(0).id();
              Future<JsonObject> grid = schedule.terms().grid(p, school).map(g -> g.toJson());
              Future<List<JsonObject>> sessions =
                  views
                      .timetable(p, TimetableViews.Scope.SCHOOL, school, week)
                      .compose(views::describe);
              return Future.all(grid, sessions)
                  .map(
                      all ->
                          new JsonObject()
                              .put("schoolId", school.toString())
                              .put("periods", grid.result().getJsonArray("periods"))
                              .put("sessions", new JsonArray(new ArrayList<>(sessions.result()))));
            });
    return Future.all(groupPairings, terms, first)
        .map(
            all ->
                out.put("pairings", new JsonArray(new ArrayList<>(groupPairings.result())))
                    .put("terms", new JsonArray(new ArrayList<>(terms.result())))
                    .put("school", first.result()));
  }

  @Override
  public List<RouteSpec> routes() {
    return List.of(RouteSpec.get("/api/v1/me/dashboard", Access.signedIn(), this::dashboard));
  }

  private void dashboard(RoutingContext ctx) {
    Principal p = Requests.principal(ctx);
    Future<Account> account = accounts.self(p);
    Future<Optional<SchoolLookup.SchoolRef>> school =
        p.schoolId().isEmpty()
            ? Future.succeededFuture(Optional.empty())
            : directory.school(p.schoolId().get());
    Future<List<SchoolLookup.ClassRef>> classes = directory.classesOf(p.userId());
    Future<Map<UUID, List<Account>>> members =
        p.role() == Role.TEACHER ? roster.membersOfOwnClasses(p) : Future.succeededFuture(Map.of());
    Future<List<Classroom>> rooms =
        p.role() == Role.TEACHER
            ? directory.classroomsOfSchools(p, List.of(p.schoolId().orElseThrow()))
            : Future.succeededFuture(List.of());
    Future<List<School>> schools =
        p.role() == Role.COORDINATOR
            ? directory.schools(p, Optional.empty())
            : Future.succeededFuture(List.of());
    Future<List<Classroom>> groupRooms =
        schools.compose(
            l ->
                l.isEmpty()
                    ? Future.succeededFuture(List.of())
                    : directory.classroomsOfSchools(p, l.stream().map(School::id).toList()));
    // who a teacher or class is paired with (结对), both sides: the famous teacher sees the rural
    // classes, the rural teacher and pupils see the famous teacher
    Future<List<JsonObject>> partners = pairings.mine(p).compose(pairings::describe);
    Future<JsonObject> timetable = timetable(p, schools);
    Requests.reply(
        ctx,
        200,
        Future.all(
                List.of(account, school, classes, members, rooms, groupRooms, partners, timetable))
            .map(
                all -> {
                  JsonObject out =
                      new JsonObject()
                          .put("user", account.result().toJson())
                          .put(
                              "school",
                              school.result().map(SchoolLookup.SchoolRef::toJson).orElse(null));
                  JsonArray classList = new JsonArray();
                  for (SchoolLookup.ClassRef k : classes.result()) {
                    JsonObject c = k.toJson();
                    if (p.role() == Role.TEACHER) {
                      c.put(
                          "members",
                          new JsonArray(
                              members.result().getOrDefault(k.id(), List.of()).stream()
                                  .map(Account::toJson)
                                  .toList()));
                    }
                    classList.add(c);
                  }
                  out.put("classes", classList);
                  out.put("pairings", new JsonArray(new ArrayList<>(partners.result())));
                  out.put("timetable", timetable.result());
                  if (p.role() == Role.TEACHER) {
                    out.put(
                        "classrooms",
                        new JsonArray(rooms.result().stream().map(Classroom::toJson).toList()));
                  }
                  if (p.role() == Role.COORDINATOR) {
                    JsonArray list = new JsonArray();
                    for (School s : schools.result()) {
                      list.add(
                          s.toJson()
                              .put(
                                  "classrooms",
                                  new JsonArray(
                                      groupRooms.result().stream()
                                          .filter(r -> r.schoolId().equals(s.id()))
                                          .map(Classroom::toJson)
                                          .toList())));
                    }
                    out.put("schools", list);
                  }
                  return out;
                }));
  }
}
