package org.classbridge.directory;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.auth.Account;
import org.classbridge.common.Problem;
import org.classbridge.common.Validation;
import org.classbridge.http.Access;
import org.classbridge.http.Requests;
import org.classbridge.http.RouteSpec;
import org.classbridge.identity.Role;

/** The school directory over HTTP: admins write, coordinators and teachers read their group. */
public final class DirectoryRoutes {
  private static final Access ADMIN = Access.roles(Role.ADMIN);
  private static final Access STAFF = Access.roles(Role.ADMIN, Role.COORDINATOR, Role.TEACHER);

  private final SchoolDirectory directory;
  private final ClassRoster roster;

  public DirectoryRoutes(SchoolDirectory directory, ClassRoster roster) {
    this.directory = directory;
    this.roster = roster;
  }

  public List<RouteSpec> routes() {
    return List.of(
        RouteSpec.get("/api/v1/groups", STAFF, this::listGroups),
        RouteSpec.post("/api/v1/groups", ADMIN, this::createGroup),
        RouteSpec.get("/api/v1/schools", STAFF, this::listSchools),
        RouteSpec.post("/api/v1/schools", ADMIN, this::createSchool),
        RouteSpec.get("/api/v1/schools/{schoolId}", STAFF, this::getSchool),
        RouteSpec.get("/api/v1/schools/{schoolId}/classrooms", STAFF, this::listClassrooms),
        RouteSpec.post("/api/v1/schools/{schoolId}/classrooms", ADMIN, this::createClassroom),
        RouteSpec.get("/api/v1/schools/{schoolId}/classes", STAFF, this::listClasses),
        RouteSpec.post("/api/v1/schools/{schoolId}/classes", ADMIN, this::createClass),
        RouteSpec.get("/api/v1/classes/{classId}/members", STAFF, this::listMembers),
        RouteSpec.post("/api/v1/classes/{classId}/members", ADMIN, this::addMember));
  }

  private void listGroups(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        directory
            .groups(Requests.principal(ctx))
            .map(l -> Requests.items(l.stream().map(EducationGroup::toJson).toList())));
  }

  private void createGroup(RoutingContext ctx) {
    JsonObject body = Requests.json(ctx);
    Requests.reply(
        ctx, 201, directory.createGroup(Requests.string(body, "name")).map(EducationGroup::toJson));
  }

  private void listSchools(RoutingContext ctx) {
    Optional<UUID> group = Optional.empty();
    String raw = ctx.queryParams().get("groupId");
    if (raw != null) {
      try {
        group = Optional.of(UUID.fromString(raw));
      } catch (IllegalArgumentException e) {
        throw Problem.validation(
            List.of(new Problem.FieldError("groupId", "not-an-id", "must be an id (UUID)")));
      }
    }
    Requests.reply(
        ctx,
        200,
        directory
            .schools(Requests.principal(ctx), group)
            .map(l -> Requests.items(l.stream().map(School::toJson).toList())));
  }

  private void createSchool(RoutingContext ctx) {
    JsonObject body = Requests.json(ctx);
    Object region = body.getValue("region");
    JsonObject r = region instanceof JsonObject o ? o : new JsonObject();
    Requests.reply(
        ctx,
        201,
        directory
            .createSchool(
                Requests.string(body, "groupId"),
                Requests.string(body, "name"),
                Requests.string(r, "prefecture"),
                Requests.string(r, "county"),
                Requests.string(body, "setting"))
            .map(School::toJson));
  }

  private void getSchool(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        directory
            .school(Requests.principal(ctx), Requests.pathId(ctx, "schoolId"))
            .map(School::toJson));
  }

  private void listClassrooms(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        directory
            .classrooms(Requests.principal(ctx), Requests.pathId(ctx, "schoolId"))
            .map(l -> Requests.items(l.stream().map(Classroom::toJson).toList())));
  }

  private void createClassroom(RoutingContext ctx) {
    JsonObject body = Requests.json(ctx);
    Requests.reply(
        ctx,
        201,
        directory
            .createClassroom(
                Requests.pathId(ctx, "schoolId"),
                Requests.string(body, "name"),
                Requests.string(body, "kind"),
                Requests.integer(body, "capacity"))
            .map(Classroom::toJson));
  }

  private void listClasses(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        directory
            .classes(Requests.principal(ctx), Requests.pathId(ctx, "schoolId"))
            .map(l -> Requests.items(l.stream().map(SchoolClass::toJson).toList())));
  }

  private void createClass(RoutingContext ctx) {
    JsonObject body = Requests.json(ctx);
    Requests.reply(
        ctx,
        201,
        directory
            .createClass(
                Requests.pathId(ctx, "schoolId"),
                Requests.string(body, "name"),
                Requests.integer(body, "grade"),
                Requests.string(body, "language"))
            .map(SchoolClass::toJson));
  }

  private void listMembers(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        roster
            .members(Requests.principal(ctx), Requests.pathId(ctx, "classId"))
            .map(l -> Requests.items(l.stream().map(Account::toJson).toList())));
  }

  private void addMember(RoutingContext ctx) {
    JsonObject body = Requests.json(ctx);
    Validation v = new Validation();
    UUID user = v.uuid("userId", Requests.string(body, "userId"));
    v.orThrow();
    UUID classId = Requests.pathId(ctx, "classId");
    roster
        .addMember(classId, user)
        .onSuccess(
            added ->
                Requests.send(
                    ctx,
                    added ? 201 : 200,
                    new JsonObject()
                        .put("classId", classId.toString())
                        .put("userId", user.toString())
                        .put("added", added)))
        .onFailure(ctx::fail);
  }
}
