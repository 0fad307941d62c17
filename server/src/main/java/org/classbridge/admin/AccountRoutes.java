package org.classbridge.admin;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.auth.Account;
import org.classbridge.auth.AccountOrigin;
import org.classbridge.auth.AccountService;
import org.classbridge.auth.NewAccount;
import org.classbridge.common.Problem;
import org.classbridge.common.Validation;
import org.classbridge.http.Access;
import org.classbridge.http.Requests;
import org.classbridge.http.RouteSpec;
import org.classbridge.identity.Role;

/** Account administration: list, create, and import from CSV. Admins only. */
public final class AccountRoutes {
  private static final Access ADMIN = Access.roles(Role.ADMIN);

  private final AccountService accounts;
  private final AccountImport importer;

  public AccountRoutes(AccountService accounts, AccountImport importer) {
    this.accounts = accounts;
    this.importer = importer;
  }

  public List<RouteSpec> routes() {
    return List.of(
        RouteSpec.get("/api/v1/users", ADMIN, this::list),
        RouteSpec.post("/api/v1/users", ADMIN, this::create),
        RouteSpec.postCsv("/api/v1/users/import", ADMIN, this::importCsv));
  }

  private void list(RoutingContext ctx) {
    Validation v = new Validation();
    String roleParam = ctx.queryParams().get("role");
    Role role = roleParam == null ? null : v.oneOf("role", roleParam, Role.class);
    String schoolParam = ctx.queryParams().get("schoolId");
    UUID school = schoolParam == null ? null : v.uuid("schoolId", schoolParam);
    v.orThrow();
    Requests.reply(
        ctx,
        200,
        accounts
            .list(Optional.ofNullable(role), Optional.ofNullable(school))
            .map(l -> Requests.items(l.stream().map(Account::toJson).toList())));
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
    Requests.reply(ctx, 201, accounts.create(account, AccountOrigin.API).map(Account::toJson));
  }

  private void importCsv(RoutingContext ctx) {
    String dry = ctx.queryParams().get("dryRun");
    if (dry != null && !dry.equals("true") && !dry.equals("false")) {
      throw Problem.validation(
          List.of(new Problem.FieldError("dryRun", "not-allowed", "must be true or false")));
    }
    var buffer = ctx.body().buffer();
    byte[] csv = buffer == null ? new byte[0] : buffer.getBytes();
    Requests.reply(ctx, 200, importer.run(csv, "true".equals(dry)));
  }
}
