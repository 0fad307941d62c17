package org.classbridge.coverage;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.UUID;
import org.classbridge.common.Problem;
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

  CoverageRoutes(CoverageService service) {
    this.service = service;
  }

  List<RouteSpec> routes() {
    return List.of(
        RouteSpec.get("/api/v1/terms/{termId}/curriculum-plan", STAFF, this::plan),
        RouteSpec.put("/api/v1/terms/{termId}/curriculum-plan", STAFF, this::putPlan),
        RouteSpec.get("/api/v1/classes/{classId}/local-teaching", STAFF, this::local),
        RouteSpec.put("/api/v1/classes/{classId}/local-teaching", STAFF, this::putLocal),
        RouteSpec.postCsv("/api/v1/schools/{schoolId}/local-teaching", STAFF, this::importLocal),
        RouteSpec.get("/api/v1/groups/{groupId}/coverage", STAFF, this::group),
        RouteSpec.get("/api/v1/schools/{schoolId}/coverage", STAFF, this::school));
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
        "school");
  }

  private void school(RoutingContext ctx) {
    answer(
        ctx,
        service.school(Requests.principal(ctx), Requests.pathId(ctx, "schoolId"), term(ctx)),
        "class");
  }

  /** JSON, or with {@code ?format=csv} a spreadsheet-safe CSV download. */
  private static void answer(RoutingContext ctx, Future<JsonObject> matrix, String rowKey) {
    String format = ctx.queryParams().get("format");
    if (format == null || format.equals("json")) {
      Requests.reply(ctx, 200, matrix);
      return;
    }
    if (!format.equals("csv")) {
      throw Problem.invalid("bad-format", "format: json or csv");
    }
    matrix
        .onSuccess(
            m ->
                ctx.response()
                    .putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader(
                        "Content-Disposition",
                        "attachment; filename=\"coverage-" + rowKey + ".csv\"")
                    .end(CoverageService.Computed.csv(m, rowKey)))
        .onFailure(ctx::fail);
  }
}
