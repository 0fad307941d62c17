package org.classbridge.auth;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import org.classbridge.common.Validation;
import org.classbridge.http.Access;
import org.classbridge.http.Requests;
import org.classbridge.http.RouteSpec;
import org.classbridge.identity.Principal;

/** Logging in and "who am I". */
public final class AuthRoutes {
  private final AuthService auth;
  private final AccountService accounts;
  private final AccountAdmin admin;
  private final SchoolLookup schools;

  AuthRoutes(AuthService auth, AccountService accounts, AccountAdmin admin, SchoolLookup schools) {
    this.auth = auth;
    this.accounts = accounts;
    this.admin = admin;
    this.schools = schools;
  }

  public List<RouteSpec> routes() {
    return List.of(
        RouteSpec.post("/api/v1/auth/login", Access.anyone(), this::login),
        RouteSpec.get("/api/v1/me", Access.signedIn(), this::me),
        RouteSpec.post("/api/v1/me/password", Access.passwordChange(), this::changePassword),
        RouteSpec.post("/api/v1/me/logout-everywhere", Access.signedIn(), this::logoutEverywhere));
  }

  private void changePassword(RoutingContext ctx) {
    JsonObject body = Requests.json(ctx);
    Requests.reply(
        ctx,
        200,
        admin
            .changeOwnPassword(
                Requests.principal(ctx),
                Requests.string(body, "oldPassword"),
                Requests.string(body, "newPassword"))
            .map(
                r ->
                    new JsonObject()
                        .put("token", r.token().token())
                        .put("tokenType", "Bearer")
                        .put("expiresAt", r.token().expiresAt().toString())
                        .put("mustChangePassword", false)
                        .put("user", r.account().toJson())));
  }

  private void logoutEverywhere(RoutingContext ctx) {
    admin
        .logoutEverywhere(Requests.principal(ctx))
        .onSuccess(v -> ctx.response().setStatusCode(204).end())
        .onFailure(ctx::fail);
  }

  private void login(RoutingContext ctx) {
    JsonObject body = Requests.json(ctx);
    Validation v = new Validation();
    String username = v.text("username", Requests.string(body, "username"), 64);
    String password = Requests.string(body, "password");
    if (password == null || password.isEmpty()) {
      v.error("password", "required", "is required");
    } else if (password.length() > NewAccount.MAX_PASSWORD) {
      // refused before hashing: a megabyte "password" must not cost a megabyte of PBKDF2
      v.error("password", "too-long", "must be at most " + NewAccount.MAX_PASSWORD + " characters");
    }
    v.orThrow();
    String address = Requests.clientAddress(ctx);
    auth.login(username, password, address)
        .onSuccess(
            r ->
                Requests.send(
                    ctx,
                    200,
                    new JsonObject()
                        .put("token", r.token().token())
                        .put("tokenType", "Bearer")
                        .put("expiresAt", r.token().expiresAt().toString())
                        .put("mustChangePassword", r.account().mustChangePassword())
                        .put("user", r.account().toJson())))
        .onFailure(ctx::fail);
  }

  private void me(RoutingContext ctx) {
    Principal p = Requests.principal(ctx);
    Future<Account> account = accounts.self(p);
    Future<JsonObject> school =
        p.schoolId().isEmpty()
            ? Future.succeededFuture(null)
            : schools
                .school(p.schoolId().get())
                .map(s -> s.map(SchoolLookup.SchoolRef::toJson).orElse(null));
    Future<JsonArray> classes =
        schools
            .classesOf(p.userId())
            .map(list -> new JsonArray(list.stream().map(SchoolLookup.ClassRef::toJson).toList()));
    Requests.reply(
        ctx,
        200,
        Future.all(account, school, classes)
            .map(
                all ->
                    new JsonObject()
                        .put("user", account.result().toJson())
                        .put("school", school.result())
                        .put("classes", classes.result())));
  }
}
