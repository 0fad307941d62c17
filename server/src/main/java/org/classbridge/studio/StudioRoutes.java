package org.classbridge.studio;

import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import org.classbridge.common.Problem;
import org.classbridge.http.Access;
import org.classbridge.http.Requests;
import org.classbridge.http.RouteSpec;
import org.classbridge.identity.Role;

/**
 * Studio routes. Staff only (pupils are refused at the door: they never see a studio, its plans or
 * its comments); the services narrow further: a studio exists only for its lead, its members, the
 * group's coordinators and admins.
 */
final class StudioRoutes {
  private static final Access STAFF = Access.roles(Role.TEACHER, Role.COORDINATOR, Role.ADMIN);

  private final Studios studios;
  private final LessonPlans plans;
  private final Recordings recordings;
  private final Observations observations;
  private final TeacherRecord records;
  private final ResearchSessions research;

  StudioRoutes(
      Studios studios,
      LessonPlans plans,
      Recordings recordings,
      Observations observations,
      TeacherRecord records,
      ResearchSessions research) {
    this.research = research;
    this.studios = studios;
    this.plans = plans;
    this.recordings = recordings;
    this.observations = observations;
    this.records = records;
  }

  List<RouteSpec> routes() {
    return List.of(
        RouteSpec.get("/api/v1/studios", STAFF, this::list),
        RouteSpec.post("/api/v1/studios", STAFF, this::create),
        RouteSpec.get("/api/v1/studios/{studioId}", STAFF, this::one),
        RouteSpec.put("/api/v1/studios/{studioId}/term-plan", STAFF, this::termPlan),
        RouteSpec.post("/api/v1/studios/{studioId}/members", STAFF, this::addMember),
        RouteSpec.delete("/api/v1/studios/{studioId}/members/{userId}", STAFF, this::removeMember),
        RouteSpec.get("/api/v1/studios/{studioId}/lesson-plans", STAFF, this::plans),
        RouteSpec.get("/api/v1/studios/{studioId}/research-sessions", STAFF, this::researchList),
        RouteSpec.post("/api/v1/studios/{studioId}/research-sessions", STAFF, this::researchBook),
        RouteSpec.post("/api/v1/studios/{studioId}/lesson-plans", STAFF, this::createPlan),
        RouteSpec.get("/api/v1/lesson-plans/{planId}", STAFF, this::plan),
        RouteSpec.post("/api/v1/lesson-plans/{planId}/versions", STAFF, this::save),
        RouteSpec.post("/api/v1/lesson-plans/{planId}/comments", STAFF, this::comment),
        RouteSpec.post(
            "/api/v1/lesson-plans/{planId}/comments/{commentId}/resolve", STAFF, this::resolve),
        RouteSpec.post("/api/v1/lesson-plans/{planId}/final", STAFF, this::finalise),
        RouteSpec.post("/api/v1/sessions/{sessionId}/recordings", STAFF, this::record),
        RouteSpec.get("/api/v1/sessions/{sessionId}/recordings", STAFF, this::recordings),
        RouteSpec.get("/api/v1/resources/{resourceId}/critiques", STAFF, this::critiques),
        RouteSpec.post("/api/v1/resources/{resourceId}/critiques", STAFF, this::critique),
        RouteSpec.put("/api/v1/resources/{resourceId}/critique-summary", STAFF, this::summary),
        RouteSpec.get("/api/v1/sessions/{sessionId}/observations", STAFF, this::observations),
        RouteSpec.post("/api/v1/sessions/{sessionId}/observations", STAFF, this::observe),
        RouteSpec.get("/api/v1/users/{userId}/research-record", STAFF, this::researchRecord));
  }

  private void list(RoutingContext ctx) {
    Requests.reply(ctx, 200, studios.list(Requests.principal(ctx)));
  }

  private void create(RoutingContext ctx) {
    Requests.reply(ctx, 201, studios.create(Requests.principal(ctx), Requests.json(ctx)));
  }

  private void one(RoutingContext ctx) {
    Requests.reply(
        ctx, 200, studios.one(Requests.principal(ctx), Requests.pathId(ctx, "studioId")));
  }

  private void termPlan(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        studios.putTermPlan(
            Requests.principal(ctx), Requests.pathId(ctx, "studioId"), Requests.json(ctx)));
  }

  private void addMember(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        studios.addMember(
            Requests.principal(ctx), Requests.pathId(ctx, "studioId"), Requests.json(ctx)));
  }

  private void removeMember(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        studios.removeMember(
            Requests.principal(ctx),
            Requests.pathId(ctx, "studioId"),
            Requests.pathId(ctx, "userId")));
  }

  private void plans(RoutingContext ctx) {
    Requests.reply(ctx, 200, plans.list(Requests.principal(ctx), Requests.pathId(ctx, "studioId")));
  }

  private void createPlan(RoutingContext ctx) {
    Requests.reply(
        ctx,
        201,
        plans.create(
            Requests.principal(ctx), Requests.pathId(ctx, "studioId"), Requests.json(ctx)));
  }

  private void plan(RoutingContext ctx) {
    String raw = ctx.queryParams().get("version");
    Optional<Integer> version = Optional.empty();
    if (raw != null) {
      if (!raw.matches("[1-9][0-9]{0,4}")) {
        throw Problem.invalid("bad-version", "version: a version number");
      }
      version = Optional.of(Integer.parseInt(raw));
    }
    Requests.reply(
        ctx, 200, plans.read(Requests.principal(ctx), Requests.pathId(ctx, "planId"), version));
  }

  private void save(RoutingContext ctx) {
    Requests.reply(
        ctx,
        201,
        plans.save(Requests.principal(ctx), Requests.pathId(ctx, "planId"), Requests.json(ctx)));
  }

  private void comment(RoutingContext ctx) {
    Requests.reply(
        ctx,
        201,
        plans.comment(Requests.principal(ctx), Requests.pathId(ctx, "planId"), Requests.json(ctx)));
  }

  private void resolve(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        plans.resolve(
            Requests.principal(ctx),
            Requests.pathId(ctx, "planId"),
            Requests.pathId(ctx, "commentId")));
  }

  private void finalise(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        plans.finalise(
            Requests.principal(ctx), Requests.pathId(ctx, "planId"), Requests.json(ctx)));
  }

  private void record(RoutingContext ctx) {
    Requests.reply(
        ctx, 201, recordings.start(Requests.principal(ctx), Requests.pathId(ctx, "sessionId")));
  }

  private void recordings(RoutingContext ctx) {
    Requests.reply(
        ctx, 200, recordings.ofSession(Requests.principal(ctx), Requests.pathId(ctx, "sessionId")));
  }

  private void critiques(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        recordings.critiques(Requests.principal(ctx), Requests.pathId(ctx, "resourceId")));
  }

  private void critique(RoutingContext ctx) {
    Requests.reply(
        ctx,
        201,
        recordings.critique(
            Requests.principal(ctx), Requests.pathId(ctx, "resourceId"), Requests.json(ctx)));
  }

  private void summary(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        recordings.summarise(
            Requests.principal(ctx), Requests.pathId(ctx, "resourceId"), Requests.json(ctx)));
  }

  private void observations(RoutingContext ctx) {
    Requests.reply(
        ctx, 200, observations.list(Requests.principal(ctx), Requests.pathId(ctx, "sessionId")));
  }

  private void observe(RoutingContext ctx) {
    Requests.reply(
        ctx,
        201,
        observations.note(
            Requests.principal(ctx), Requests.pathId(ctx, "sessionId"), Requests.json(ctx)));
  }

  private static java.util.UUID termId(RoutingContext ctx) {
    String raw = ctx.queryParams().get("termId");
    try {
      return java.util.UUID.fromString(raw == null ? "" : raw);
    } catch (IllegalArgumentException e) {
      throw Problem.validation(List.of(new Problem.FieldError("termId", "required", "which term")));
    }
  }

  private void researchRecord(RoutingContext ctx) {
    java.util.UUID term = termId(ctx);
    Requests.reply(
        ctx, 200, records.of(Requests.principal(ctx), Requests.pathId(ctx, "userId"), term));
  }

  private void researchList(RoutingContext ctx) {
    java.util.UUID term = termId(ctx);
    Requests.reply(
        ctx, 200, research.list(Requests.principal(ctx), Requests.pathId(ctx, "studioId"), term));
  }

  private void researchBook(RoutingContext ctx) {
    Requests.reply(
        ctx,
        201,
        research.book(
            Requests.principal(ctx), Requests.pathId(ctx, "studioId"), Requests.json(ctx)));
  }
}
