package org.classbridge.directory;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.classbridge.auth.Account;
import org.classbridge.common.Problem;
import org.classbridge.common.Validation;
import org.classbridge.http.Access;
import org.classbridge.http.Requests;
import org.classbridge.http.RouteSpec;
import org.classbridge.identity.Role;

/**
 * The school directory over HTTP. Admins change groups and schools; admins and the group's
 * coordinator change classrooms, classes and members; coordinators and teachers read their group.
 * Single resources carry their version as ETag, and every PATCH needs If-Match.
 */
public final class DirectoryRoutes {
  private static final Access ADMIN = Access.roles(Role.ADMIN);
  private static final Access MANAGERS = Access.roles(Role.ADMIN, Role.COORDINATOR);
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
        RouteSpec.get("/api/v1/groups/{groupId}", STAFF, this::getGroup),
        RouteSpec.patch("/api/v1/groups/{groupId}", ADMIN, this::updateGroup),
        RouteSpec.get("/api/v1/schools", STAFF, this::listSchools),
        RouteSpec.post("/api/v1/schools", ADMIN, this::createSchool),
        RouteSpec.get("/api/v1/schools/{schoolId}", STAFF, this::getSchool),
        RouteSpec.patch("/api/v1/schools/{schoolId}", ADMIN, this::updateSchool),
        RouteSpec.get("/api/v1/schools/{schoolId}/classrooms", STAFF, this::listClassrooms),
        RouteSpec.post("/api/v1/schools/{schoolId}/classrooms", MANAGERS, this::createClassroom),
        RouteSpec.get("/api/v1/schools/{schoolId}/classes", STAFF, this::listClasses),
        RouteSpec.post("/api/v1/schools/{schoolId}/classes", MANAGERS, this::createClass),
        RouteSpec.get("/api/v1/classrooms/{classroomId}", STAFF, this::getClassroom),
        RouteSpec.patch("/api/v1/classrooms/{classroomId}", MANAGERS, this::updateClassroom),
        RouteSpec.delete("/api/v1/classrooms/{classroomId}", MANAGERS, this::deleteClassroom),
        RouteSpec.get("/api/v1/classes/{classId}", STAFF, this::getClass),
        RouteSpec.patch("/api/v1/classes/{classId}", MANAGERS, this::updateClass),
        RouteSpec.delete("/api/v1/classes/{classId}", MANAGERS, this::deleteClass),
        RouteSpec.get("/api/v1/classes/{classId}/members", STAFF, this::listMembers),
        RouteSpec.post("/api/v1/classes/{classId}/members", MANAGERS, this::addMember),
        RouteSpec.delete(
            "/api/v1/classes/{classId}/members/{userId}", MANAGERS, this::removeMember));
  }

  /** Answers a versioned resource with its ETag. */
  private static <T> void versioned(
      RoutingContext ctx,
      int status,
      Future<T> result,
      Function<T, JsonObject> json,
      Function<T, Integer> version) {
    result
        .onSuccess(r -> Requests.sendVersioned(ctx, status, json.apply(r), version.apply(r)))
        .onFailure(ctx::fail);
  }

  private static boolean withRetired(RoutingContext ctx) {
    String raw = ctx.queryParams().get("retired");
    if (raw == null || raw.equals("false")) {
      return false;
    }
    if (raw.equals("true")) {
      return true;
    }
    throw Problem.validation(
        List.of(new Problem.FieldError("retired", "not-allowed", "must be true or false")));
  }

  private static void noContent(RoutingContext ctx, Future<?> done) {
    done.onSuccess(v -> ctx.response().setStatusCode(204).end()).onFailure(ctx::fail);
  }

  // --- groups

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
    versioned(
        ctx,
        201,
        directory.createGroup(
            Requests.principal(ctx),
            Requests.string(body, "name"),
            Requests.string(body, "nameBo")),
        EducationGroup::toJson,
        EducationGroup::version);
  }

  private void getGroup(RoutingContext ctx) {
    versioned(
        ctx,
        200,
        directory.group(Requests.principal(ctx), Requests.pathId(ctx, "groupId")),
        EducationGroup::toJson,
        EducationGroup::version);
  }

  private void updateGroup(RoutingContext ctx) {
    JsonObject patch = Requests.json(ctx);
    versioned(
        ctx,
        200,
        directory.updateGroup(
            Requests.principal(ctx), Requests.pathId(ctx, "groupId"), Requests.ifMatch(ctx), patch),
        EducationGroup::toJson,
        EducationGroup::version);
  }

  // --- schools

  private void listSchools(RoutingContext ctx) {
    Optional<UUID> group = Optional.empty();
    String raw = ctx.queryParams().get("groupId");
    if (raw != null) {
      Validation v = new Validation();
      group = Optional.ofNullable(v.uuid("groupId", raw));
      v.orThrow();
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
    versioned(
        ctx,
        201,
        directory.createSchool(
            Requests.principal(ctx),
            Requests.string(body, "groupId"),
            Requests.string(body, "name"),
            Requests.string(body, "nameBo"),
            Requests.string(r, "prefecture"),
            Requests.string(r, "county"),
            Requests.string(body, "setting")),
        School::toJson,
        School::version);
  }

  private void getSchool(RoutingContext ctx) {
    versioned(
        ctx,
        200,
        directory.school(Requests.principal(ctx), Requests.pathId(ctx, "schoolId")),
        School::toJson,
        School::version);
  }

  private void updateSchool(RoutingContext ctx) {
    JsonObject patch = Requests.json(ctx);
    versioned(
        ctx,
        200,
        directory.updateSchool(
            Requests.principal(ctx),
            Requests.pathId(ctx, "schoolId"),
            Requests.ifMatch(ctx),
            patch),
        School::toJson,
        School::version);
  }

  // --- classrooms

  private void listClassrooms(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        directory
            .classrooms(Requests.principal(ctx), Requests.pathId(ctx, "schoolId"), withRetired(ctx))
            .map(l -> Requests.items(l.stream().map(Classroom::toJson).toList())));
  }

  private void createClassroom(RoutingContext ctx) {
    JsonObject body = Requests.json(ctx);
    versioned(
        ctx,
        201,
        directory.createClassroom(
            Requests.principal(ctx),
            Requests.pathId(ctx, "schoolId"),
            Requests.string(body, "name"),
            Requests.string(body, "nameBo"),
            Requests.string(body, "kind"),
            Requests.integer(body, "capacity"),
            Requests.string(body, "reception"),
            Requests.integer(body, "uplinkKbps")),
        Classroom::toJson,
        Classroom::version);
  }

  private void getClassroom(RoutingContext ctx) {
    versioned(
        ctx,
        200,
        directory.classroom(Requests.principal(ctx), Requests.pathId(ctx, "classroomId")),
        Classroom::toJson,
        Classroom::version);
  }

  private void updateClassroom(RoutingContext ctx) {
    JsonObject patch = Requests.json(ctx);
    versioned(
        ctx,
        200,
        directory.updateClassroom(
            Requests.principal(ctx),
            Requests.pathId(ctx, "classroomId"),
            Requests.ifMatch(ctx),
            patch),
        Classroom::toJson,
        Classroom::version);
  }

  private void deleteClassroom(RoutingContext ctx) {
    noContent(
        ctx,
        directory.deleteClassroom(Requests.principal(ctx), Requests.pathId(ctx, "classroomId")));
  }

  // --- classes and members

  private void listClasses(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        directory
            .classes(Requests.principal(ctx), Requests.pathId(ctx, "schoolId"), withRetired(ctx))
            .map(l -> Requests.items(l.stream().map(SchoolClass::toJson).toList())));
  }

  private void createClass(RoutingContext ctx) {
    JsonObject body = Requests.json(ctx);
    versioned(
        ctx,
        201,
        directory.createClass(
            Requests.principal(ctx),
            Requests.pathId(ctx, "schoolId"),
            Requests.string(body, "name"),
            Requests.string(body, "nameBo"),
            Requests.integer(body, "grade"),
            Requests.string(body, "language")),
        SchoolClass::toJson,
        SchoolClass::version);
  }

  private void getClass(RoutingContext ctx) {
    versioned(
        ctx,
        200,
        directory.schoolClass(Requests.principal(ctx), Requests.pathId(ctx, "classId")),
        SchoolClass::toJson,
        SchoolClass::version);
  }

  private void updateClass(RoutingContext ctx) {
    JsonObject patch = Requests.json(ctx);
    versioned(
        ctx,
        200,
        directory.updateClass(
            Requests.principal(ctx), Requests.pathId(ctx, "classId"), Requests.ifMatch(ctx), patch),
        SchoolClass::toJson,
        SchoolClass::version);
  }

  private void deleteClass(RoutingContext ctx) {
    noContent(ctx, directory.deleteClass(Requests.principal(ctx), Requests.pathId(ctx, "classId")));
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
        .addMember(Requests.principal(ctx), classId, user)
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

  private void removeMember(RoutingContext ctx) {
    UUID classId = Requests.pathId(ctx, "classId");
    UUID user = Requests.pathId(ctx, "userId");
    roster
        .removeMember(Requests.principal(ctx), classId, user)
        .onSuccess(
            removed -> {
              if (!removed) {
                ctx.fail(Problem.notFound("not-a-member", "not a member of this class"));
                return;
              }
              ctx.response().setStatusCode(204).end();
            })
        .onFailure(ctx::fail);
  }
}
