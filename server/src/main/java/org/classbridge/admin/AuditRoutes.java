package org.classbridge.admin;

import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.audit.AuditLog;
import org.classbridge.common.Validation;
import org.classbridge.http.Access;
import org.classbridge.http.Requests;
import org.classbridge.http.RouteSpec;
import org.classbridge.identity.Role;

/** The audit log over HTTP: admins read everything, coordinators their own group's changes. */
final class AuditRoutes {
  private final AuditLog audit;

  AuditRoutes(AuditLog audit) {
    this.audit = audit;
  }

  List<RouteSpec> routes() {
    return List.of(
        RouteSpec.get("/api/v1/audit", Access.roles(Role.ADMIN, Role.COORDINATOR), this::list));
  }

  private void list(RoutingContext ctx) {
    Validation v = new Validation();
    String entity = ctx.queryParams().get("entityId");
    UUID entityId = entity == null ? null : v.uuid("entityId", entity);
    String beforeParam = ctx.queryParams().get("before");
    Instant before = null;
    if (beforeParam != null) {
      try {
        before = Instant.parse(beforeParam);
      } catch (DateTimeParseException e) {
        v.error("before", "not-a-time", "must be an ISO-8601 instant");
      }
    }
    String limitParam = ctx.queryParams().get("limit");
    int limit = 50;
    if (limitParam != null) {
      try {
        limit = Integer.parseInt(limitParam);
      } catch (NumberFormatException e) {
        v.error("limit", "not-a-number", "must be a whole number");
      }
      if (limit < 1 || limit > AuditLog.PAGE_LIMIT) {
        v.error("limit", "out-of-range", "must be between 1 and " + AuditLog.PAGE_LIMIT);
      }
    }
    v.orThrow();
    Requests.reply(
        ctx,
        200,
        audit
            .read(
                Requests.principal(ctx),
                Optional.ofNullable(entityId),
                Optional.ofNullable(before),
                limit)
            .map(l -> Requests.items(l.stream().map(AuditLog.Event::toJson).toList())));
  }
}
