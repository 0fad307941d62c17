package org.classbridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.UUID;
import org.classbridge.app.Classbridge;
import org.classbridge.identity.Role;
import org.classbridge.testing.Api;
import org.classbridge.testing.Api.Response;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every route the server mounts, called as every kind of caller its access rule must refuse. A new
 * route is covered the moment it is added to a feature's route list.
 */
class RouteSecurityTest {
  @TempDir static Path data;
  static Classbridge app;
  static Api api;
  static final Map<Role, String> TOKENS = new EnumMap<>(Role.class);
  static final Map<Role, String> USERNAMES =
      Map.of(
          Role.STUDENT, "student.yushu",
          Role.TEACHER, "teacher.yushu",
          Role.COORDINATOR, "coordinator",
          Role.ADMIN, "admin");

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start(data);
    api = new Api(app.port());
    USERNAMES.forEach((role, name) -> TOKENS.put(role, api.login(name, "classbridge")));
  }

  private static Role roleOf(String token) {
    return TOKENS.entrySet().stream()
        .filter(e -> e.getValue().equals(token))
        .map(Map.Entry::getKey)
        .findFirst()
        .orElseThrow();
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static Response call(RouteSpec spec, String token) {
    String path = spec.path().replaceAll("\\{[A-Za-z]+}", UUID.randomUUID().toString());
    if (token != null && path.endsWith("/logout-everywhere")) {
      // it ends every token of the account: call it, then give that role a fresh token
      Role role = roleOf(token);
      Response r = api.postRaw(path, token, "application/json", "{}".getBytes());
      TOKENS.put(role, api.login(USERNAMES.get(role), "classbridge"));
      return r;
    }
    return switch (spec.body()) {
      case NONE -> api.request(spec.method().name(), path, token);
      case JSON ->
          api.sendRaw(spec.method().name(), path, token, "application/json", "{}".getBytes());
      case MERGE_PATCH ->
          api.sendRaw(
              spec.method().name(), path, token, "application/merge-patch+json", "{}".getBytes());
      case CSV -> api.postRaw(path, token, "text/csv", "username\n".getBytes());
      case FORM ->
          api.postRaw(path, token, "application/x-www-form-urlencoded", "name=x".getBytes());
      case STREAM ->
          api.sendRaw(
              spec.method().name(), path, token, "application/offset+octet-stream", new byte[16]);
    };
  }

  @Test
  @DisplayName("every route that needs a token refuses calls without one (401)")
  void anonymousRefused() {
    int checked = 0;
    for (RouteSpec spec : app.routes()) {
      if (spec.access() instanceof Access.Anyone) {
        continue;
      }
      if (spec.access() instanceof Access.BodyCredential) {
        // no token needed, but a call without its credential is refused all the same
        assertThat(call(spec, null).status())
            .as("%s %s", spec.method(), spec.path())
            .isEqualTo(403);
        continue;
      }
      Response r = call(spec, null);
      assertThat(r.status())
          .as("%s %s without a token: %s", spec.method(), spec.path(), r)
          .isEqualTo(401);
      assertThat(r.json().getString("code")).isEqualTo("unauthenticated");
      checked++;
    }
    assertThat(checked).isGreaterThan(10);
  }

  @Test
  @DisplayName("every role-restricted route refuses each role it does not name (403)")
  void otherRolesRefused() {
    int checked = 0;
    for (RouteSpec spec : app.routes()) {
      if (spec.access() instanceof Access.SharedSecret) {
        // a machine caller's route: no person's token opens it, whatever the role
        for (Role role : Role.values()) {
          Response r = call(spec, TOKENS.get(role));
          assertThat(r.status())
              .as("%s %s as %s: %s", spec.method(), spec.path(), role, r)
              .isEqualTo(401);
          assertThat(r.json().getString("code")).isEqualTo("shared-secret-required");
          checked++;
        }
        continue;
      }
      if (spec.access() instanceof Access.BodyCredential) {
        // its credential is in the body: no person's token opens it, whatever the role
        for (Role role : Role.values()) {
          Response r = call(spec, TOKENS.get(role));
          assertThat(r.status())
              .as("%s %s as %s: %s", spec.method(), spec.path(), role, r)
              .isEqualTo(403);
          checked++;
        }
        continue;
      }
      for (Role role : Role.values()) {
        boolean admitted =
            switch (spec.access()) {
              case Access.SharedSecret x -> false;
              case Access.BodyCredential x -> false;
              case Access.Anyone a -> true;
              case Access.SignedIn s -> true;
              case Access.PasswordChange c -> true;
              case Access.Roles r -> r.admits(role);
              case Access.MetricsScraper m -> role == Role.ADMIN;
            };
        Response r = call(spec, TOKENS.get(role));
        if (admitted) {
          assertThat(r.status())
              .as("%s %s as %s: %s", spec.method(), spec.path(), role, r)
              .isNotIn(401, 403);
        } else {
          assertThat(r.status())
              .as("%s %s as %s: %s", spec.method(), spec.path(), role, r)
              .isEqualTo(403);
          assertThat(r.json().getString("code")).isEqualTo("forbidden");
          checked++;
        }
      }
    }
    assertThat(checked).isGreaterThan(20);
  }

  @Test
  @DisplayName("no admitted caller gets a 500 from a request with an empty body or unknown ids")
  void noServerErrors() {
    for (RouteSpec spec : app.routes()) {
      for (Role role : Role.values()) {
        Response r = call(spec, TOKENS.get(role));
        assertThat(r.status())
            .as("%s %s as %s: %s", spec.method(), spec.path(), role, r)
            .isLessThan(500);
      }
    }
  }
}
