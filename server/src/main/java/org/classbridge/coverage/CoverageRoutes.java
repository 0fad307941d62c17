package org.classbridge.coverage;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.UUID;
import org.classbridge.common.Problem;
import org.classbridge.common.Subject;
import org.classbridge.common.Validation;
import org.classbridge.http.Access;
import org.classbridge.http.Requests;
import org.classbridge.http.RouteSpec;
import org.classbridge.identity.Role;

/**
 * Coverage routes. Staff only (pupils are refused at the door); the service narrows further:
 * coordinators their group, school staff their school, teachers their classes, admins everything.
 */
final class CoverageRoutes {
  private static final Access STAFF = Access.roles(Role.TEACHER, Role.COORDINATOR, Role.ADMIN);

  private final CoverageService service;
  private final GapProposals proposals;
  private final EvidenceService evidence;

  CoverageRoutes(CoverageService service, GapProposals proposals, EvidenceService evidence) {
    this.service = service;
    this.proposals = proposals;
    this.evidence = evidence;
  }

  List<RouteSpec> routes() {
    return List.of(
        RouteSpec.get("/api/v1/terms/{termId}/curriculum-plan", STAFF, this::plan),
        RouteSpec.put("/api/v1/terms/{termId}/curriculum-plan", STAFF, this::putPlan),
        RouteSpec.get("/api/v1/classes/{classId}/local-teaching", STAFF, this::local),
        RouteSpec.put("/api/v1/classes/{classId}/local-teaching", STAFF, this::putLocal),
        RouteSpec.postCsv("/api/v1/schools/{schoolId}/local-teaching", STAFF, this::importLocal),
        RouteSpec.get("/api/v1/groups/{groupId}/coverage", STAFF, this::group),
        RouteSpec.get("/api/v1/schools/{schoolId}/coverage", STAFF, this::school),
        RouteSpec.get("/api/v1/classes/{classId}/coverage", STAFF, this::classWeeks),
        RouteSpec.get("/api/v1/classes/{classId}/gap-proposals", STAFF, this::proposals),
        RouteSpec.get("/api/v1/users/{userId}/teaching-subjects", STAFF, this::subjects),
        RouteSpec.put("/api/v1/users/{userId}/teaching-subjects", STAFF, this::putSubjects),
        RouteSpec.get("/api/v1/groups/{groupId}/evidence", STAFF, this::groupEvidence),
        RouteSpec.get("/api/v1/schools/{schoolId}/evidence", STAFF, this::schoolEvidence));
  }

  private static UUID term(RoutingContext ctx) {
    Validation v = new Validation();
    String raw = ctx.queryParams().get("termId");
    UUID id = raw == null ? null : v.uuid("termId", raw);
    if (raw == null) {
      v.error("termId", "required", "which term");
    }
    v.orThrow();
    return id;
  }

  private void plan(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        service
            .plan(Requests.principal(ctx), Requests.pathId(ctx, "termId"))
            .map(CurriculumPlan::toJson));
  }

  private void putPlan(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        service
            .putPlan(Requests.principal(ctx), Requests.pathId(ctx, "termId"), Requests.json(ctx))
            .map(CurriculumPlan::toJson));
  }

  private void local(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        service.local(Requests.principal(ctx), Requests.pathId(ctx, "classId"), term(ctx)));
  }

  private void putLocal(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        service.putLocal(
            Requests.principal(ctx),
            Requests.pathId(ctx, "classId"),
            term(ctx),
            Requests.json(ctx)));
  }

  private void importLocal(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        service.importLocal(
            Requests.principal(ctx), Requests.pathId(ctx, "schoolId"), term(ctx), csvBody(ctx)));
  }

  private static byte[] csvBody(RoutingContext ctx) {
    var buffer = ctx.body().buffer();
    return buffer == null ? new byte[0] : buffer.getBytes();
  }

  private void group(RoutingContext ctx) {
    answer(
        ctx,
        service.group(Requests.principal(ctx), Requests.pathId(ctx, "groupId"), term(ctx)),
        "coverage-school",
        m -> CoverageService.Computed.csv(m, "school"));
  }

  private void school(RoutingContext ctx) {
    answer(
        ctx,
        service.school(Requests.principal(ctx), Requests.pathId(ctx, "schoolId"), term(ctx)),
        "coverage-class",
        m -> CoverageService.Computed.csv(m, "class"));
  }

  private void classWeeks(RoutingContext ctx) {
    answer(
        ctx,
        service.classWeeks(Requests.principal(ctx), Requests.pathId(ctx, "classId"), term(ctx)),
        "coverage-weeks",
        m ->
            CoverageService.Computed.csv(
                new JsonObject().put("rows", m.getJsonArray("weeks")), "week"));
  }

  private void proposals(RoutingContext ctx) {
    Validation v = new Validation();
    String raw = ctx.queryParams().get("subject");
    Subject subject =
        raw == null
            ? null
            : org.classbridge.common.Wire.parse(Subject.class, raw)
                .orElseGet(
                    () -> {
                      v.error("subject", "bad-subject", "no subject " + raw);
                      return null;
                    });
    if (raw == null) {
      v.error("subject", "required", "which subject");
    }
    UUID termId = term(ctx);
    v.orThrow();
    Requests.reply(
        ctx,
        200,
        proposals.propose(
            Requests.principal(ctx), Requests.pathId(ctx, "classId"), termId, subject));
  }

  private void subjects(RoutingContext ctx) {
    Requests.reply(
        ctx, 200, proposals.subjects(Requests.principal(ctx), Requests.pathId(ctx, "userId")));
  }

  private void putSubjects(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        proposals.putSubjects(
            Requests.principal(ctx), Requests.pathId(ctx, "userId"), Requests.json(ctx)));
  }

  private void groupEvidence(RoutingContext ctx) {
    String table = table(ctx, EvidenceService.GROUP_TABLES, "schools");
    answer(
        ctx,
        evidence.group(Requests.principal(ctx), Requests.pathId(ctx, "groupId"), term(ctx)),
        "evidence-" + table,
        m -> EvidenceService.csv(m, table));
  }

  private void schoolEvidence(RoutingContext ctx) {
    String table = table(ctx, EvidenceService.SCHOOL_TABLES, "classes");
    answer(
        ctx,
        evidence.school(Requests.principal(ctx), Requests.pathId(ctx, "schoolId"), term(ctx)),
        "evidence-" + table,
        m -> EvidenceService.csv(m, table));
  }

  /** Which table a CSV export holds ({@code ?table=}), one of {@code known}. */
  private static String table(RoutingContext ctx, java.util.Set<String> known, String first) {
    String t = ctx.queryParams().get("table");
    if (t == null) {
      return first;
    }
    if (!known.contains(t)) {
      throw Problem.invalid("bad-table", "table: one of " + new java.util.TreeSet<>(known));
    }
    return t;
  }

  /** JSON, or with {@code ?format=csv} a spreadsheet-safe CSV download. */
  private static void answer(
      RoutingContext ctx,
      Future<JsonObject> found,
      String fileName,
      java.util.function.Function<JsonObject, String> csv) {
    String format = ctx.queryParams().get("format");
    if (format == null || format.equals("json")) {
      Requests.reply(ctx, 200, found);
      return;
    }
    if (!format.equals("csv")) {
      throw Problem.invalid("bad-format", "format: json or csv");
    }
    found
        .onSuccess(
            m ->
                ctx.response()
                    .putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader(
                        "Content-Disposition", "attachment; filename=\"" + fileName + ".csv\"")
                    .end(csv.apply(m)))
        .onFailure(ctx::fail);
  }
}
