package org.classbridge.home;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
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

/**
 * {@code GET /api/v1/me/dashboard}: everything a role's home screen shows, composed on the server
 * from a handful of batched queries, so the browser makes one request after logging in.
 */
public final class HomeFeature implements Feature {
  private final AccountService accounts;
  private final SchoolDirectory directory;
  private final ClassRoster roster;
  private final Pairings pairings;

  public HomeFeature(
      AccountService accounts, SchoolDirectory directory, ClassRoster roster, Pairings pairings) {
    this.accounts = accounts;
    this.directory = directory;
    this.roster = roster;
    this.pairings = pairings;
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
    Requests.reply(
        ctx,
        200,
        Future.all(List.of(account, school, classes, members, rooms, groupRooms, partners))
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
                  out.put("pairings", new JsonArray(new java.util.ArrayList<>(partners.result())));
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
