package org.classbridge.admin;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.auth.Account;
import org.classbridge.auth.AccountAdmin;
import org.classbridge.auth.AccountOrigin;
import org.classbridge.auth.AccountService;
import org.classbridge.auth.NewAccount;
import org.classbridge.common.Language;
import org.classbridge.common.Problem;
import org.classbridge.common.Validation;
import org.classbridge.http.Access;
import org.classbridge.http.Requests;
import org.classbridge.http.RouteSpec;
import org.classbridge.identity.Role;

/**
 * Account administration over HTTP. Admins manage every account; coordinators the students and
 * teachers of their own group; teachers reset the passwords of their classes' students. The rules
 * themselves are {@link AccountAdmin}'s; these handlers parse and answer.
 */
final class AccountRoutes {
  private static final Access ADMIN = Access.roles(Role.ADMIN);
  private static final Access MANAGERS = Access.roles(Role.ADMIN, Role.COORDINATOR);
  private static final Access RESETTERS = Access.roles(Role.ADMIN, Role.COORDINATOR, Role.TEACHER);

  /** Rows per page when the caller does not say. */
  static final int DEFAULT_PAGE_SIZE = 50;

  private final AccountService accounts;
  private final AccountAdmin admin;
  private final AccountChanges changes;
  private final ImportJobs jobs;
  private final AuditRoutes audit;

  AccountRoutes(
      AccountService accounts,
      AccountAdmin admin,
      AccountChanges changes,
      ImportJobs jobs,
      AuditRoutes audit) {
    this.accounts = accounts;
    this.admin = admin;
    this.changes = changes;
    this.jobs = jobs;
    this.audit = audit;
  }

  List<RouteSpec> routes() {
    List<RouteSpec> all = new ArrayList<>();
    all.add(RouteSpec.get("/api/v1/users", MANAGERS, this::list));
    all.add(RouteSpec.post("/api/v1/users", MANAGERS, this::create));
    all.add(RouteSpec.postCsv("/api/v1/users/import", ADMIN, this::importCsv));
    all.add(RouteSpec.get("/api/v1/import-jobs/{jobId}", ADMIN, this::job));
    all.add(RouteSpec.get("/api/v1/import-jobs/{jobId}/report", ADMIN, this::report));
    all.add(RouteSpec.get("/api/v1/import-jobs/{jobId}/report.csv", ADMIN, this::reportCsv));
    all.add(RouteSpec.get("/api/v1/import-jobs/{jobId}/slips", ADMIN, this::slips));
    all.add(RouteSpec.get("/api/v1/users/{userId}", MANAGERS, this::get));
    all.add(RouteSpec.patch("/api/v1/users/{userId}", MANAGERS, this::update));
    all.add(
        RouteSpec.post("/api/v1/users/{userId}/password-reset", RESETTERS, this::resetPassword));
    all.addAll(audit.routes());
    return all;
  }

  private void list(RoutingContext ctx) {
    Validation v = new Validation();
    var params = ctx.queryParams();
    String roleParam = params.get("role");
    Role role = roleParam == null ? null : v.oneOf("role", roleParam, Role.class);
    String schoolParam = params.get("schoolId");
    UUID school = schoolParam == null ? null : v.uuid("schoolId", schoolParam);
    String q = Validation.normalise(params.get("q"));
    if (q != null && q.codePointCount(0, q.length()) > 64) {
      v.error("q", "too-long", "must be at most 64 characters");
    }
    String activeParam = params.get("active");
    Boolean active = null;
    if (activeParam != null) {
      if (!activeParam.equals("true") && !activeParam.equals("false")) {
        v.error("active", "not-allowed", "must be true or false");
      } else {
        active = Boolean.parseBoolean(activeParam);
      }
    }
    int page = intParam(v, params.get("page"), "page", 1, 1, 100_000);
    int size =
        intParam(v, params.get("size"), "size", DEFAULT_PAGE_SIZE, 1, AccountService.LIST_LIMIT);
    v.orThrow();
    AccountService.Query query =
        new AccountService.Query(
            Optional.ofNullable(role),
            Optional.ofNullable(school),
            Optional.ofNullable(q).filter(s -> !s.isEmpty()),
            Optional.ofNullable(active),
            (page - 1) * size,
            size + 1);
    Requests.reply(
        ctx,
        200,
        accounts
            .list(Requests.principal(ctx), query)
            .map(
                l ->
                    Requests.items(l.stream().limit(size).map(Account::toJson).toList())
                        .put("page", page)
                        .put("size", size)
                        .put("more", l.size() > size)));
  }

  private static int intParam(Validation v, String raw, String field, int dflt, int min, int max) {
    if (raw == null) {
      return dflt;
    }
    try {
      int n = Integer.parseInt(raw);
      if (n < min || n > max) {
        v.error(field, "out-of-range", "must be between " + min + " and " + max);
      }
      return n;
    } catch (NumberFormatException e) {
      v.error(field, "not-a-number", "must be a whole number");
      return dflt;
    }
  }

  private void create(RoutingContext ctx) {
    JsonObject body = Requests.json(ctx);
    Validation v = new Validation();
    NewAccount account =
        NewAccount.validated(
            v,
            "",
            Requests.string(body, "username"),
            Requests.string(body, "displayName"),
            Requests.string(body, "role"),
            Requests.string(body, "schoolId"),
            Requests.string(body, "preferredLanguage"),
            Requests.string(body, "password"));
    v.orThrow();
    Requests.reply(
        ctx,
        201,
        admin
            .checkCreate(Requests.principal(ctx), account)
            .compose(ok -> accounts.create(account, AccountOrigin.API))
            .map(Account::toJson));
  }

  private void get(RoutingContext ctx) {
    admin
        .get(Requests.principal(ctx), Requests.pathId(ctx, "userId"))
        .onSuccess(a -> Requests.sendVersioned(ctx, 200, a.toJson(), a.version()))
        .onFailure(ctx::fail);
  }

  private void update(RoutingContext ctx) {
    JsonObject patch = Requests.json(ctx);
    int version = Requests.ifMatch(ctx);
    changes
        .update(Requests.principal(ctx), Requests.pathId(ctx, "userId"), version, patch)
        .onSuccess(a -> Requests.sendVersioned(ctx, 200, a.toJson(), a.version()))
        .onFailure(ctx::fail);
  }

  private void resetPassword(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        admin
            .resetPassword(Requests.principal(ctx), Requests.pathId(ctx, "userId"))
            .map(
                r ->
                    new JsonObject()
                        .put("user", r.account().toJson())
                        .put("oneTimePassword", r.oneTimePassword())));
  }

  /** Queues the import and answers 202 with the job at once; the job runs in the background. */
  private void importCsv(RoutingContext ctx) {
    String dry = ctx.queryParams().get("dryRun");
    if (dry != null && !dry.equals("true") && !dry.equals("false")) {
      throw Problem.validation(
          List.of(new Problem.FieldError("dryRun", "not-allowed", "must be true or false")));
    }
    var buffer = ctx.body().buffer();
    byte[] csv = buffer == null ? new byte[0] : buffer.getBytes();
    jobs.submit(Requests.principal(ctx), csv, "true".equals(dry))
        .onSuccess(
            job -> {
              ctx.response().putHeader("Location", "/api/v1/import-jobs/" + job.id());
              Requests.send(ctx, 202, job.toJson());
            })
        .onFailure(ctx::fail);
  }

  private void job(RoutingContext ctx) {
    Requests.reply(
        ctx,
        200,
        jobs.get(Requests.principal(ctx), Requests.pathId(ctx, "jobId"))
            .map(ImportJobs.Job::toJson));
  }

  private void report(RoutingContext ctx) {
    Requests.reply(ctx, 200, jobs.report(Requests.principal(ctx), Requests.pathId(ctx, "jobId")));
  }

  private void reportCsv(RoutingContext ctx) {
    UUID id = Requests.pathId(ctx, "jobId");
    jobs.report(Requests.principal(ctx), id)
        .onSuccess(
            report ->
                ctx.response()
                    .putHeader("Content-Type", "text/csv; charset=utf-8")
                    .putHeader(
                        "Content-Disposition", "attachment; filename=\"import-" + id + ".csv\"")
                    .end(ImportSlips.csv(report)))
        .onFailure(ctx::fail);
  }

  private void slips(RoutingContext ctx) {
    Language language = Language.parse(ctx.queryParams().get("lang")).orElse(Language.ZH);
    jobs.report(Requests.principal(ctx), Requests.pathId(ctx, "jobId"))
        .onSuccess(
            report ->
                ctx.response()
                    .putHeader("Content-Type", "text/html; charset=utf-8")
                    .end(ImportSlips.html(report, language)))
        .onFailure(ctx::fail);
  }
}
