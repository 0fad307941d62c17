package org.classbridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.BiFunction;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.testing.Api;
import org.classbridge.testing.Api.Response;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LoginThrottleApiTest {
  @TempDir static Path data;
  static Classbridge app;
  static Api api;

  @BeforeAll
  static void start() throws Exception {
    app =
        TestApp.start(
            data,
            Map.of(
                Setting.LOGIN_ACCOUNT_FAILURES, "3",
                Setting.LOGIN_IP_FAILURES, "6",
                Setting.LOGIN_WINDOW, "PT15M"));
    api = new Api(app.port());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  private static Response login(String username, String password) {
    return api.post(
        "/api/v1/auth/login",
        null,
        new JsonObject().put("username", username).put("password", password));
  }

  @Test
  @DisplayName(
      "failed logins are throttled per account, then per address, even with the right password")
  void throttled() {
    for (int i = 0; i < 3; i++) {
      assertThat(login("teacher.haixi", "guess-" + i).status()).isEqualTo(401);
    }
    Response refused = login("teacher.haixi", "classbridge");
    assertThat(refused.status()).isEqualTo(429);
    assertThat(refused.json().getString("code")).isEqualTo("login-throttled");
    assertThat(Integer.parseInt(refused.header("Retry-After"))).isBetween(1, 15 * 60);

    // the account is throttled, the address is not yet: another account still logs in
    assertThat(login("student.haixi", "classbridge").status()).isEqualTo(200);
    // three more failures on other accounts use up the address's allowance of six
    for (String u : new String[] {"student.guoluo", "teacher.guoluo", "nobody"}) {
      assertThat(login(u, "wrong-password").status()).isEqualTo(401);
    }
    Response fromThisAddress = login("student.xining", "classbridge");
    assertThat(fromThisAddress.status()).isEqualTo(429);
    assertThat(fromThisAddress.json().getString("code")).isEqualTo("login-throttled");
  }

  @Test
  @DisplayName("behind a trusted proxy the address throttle keys on X-Forwarded-For, not the proxy")
  void forwardedAddresses(@TempDir Path other) throws Exception {
    Classbridge proxied =
        TestApp.start(
            other,
            Map.of(
                Setting.LOGIN_ACCOUNT_FAILURES, "100",
                Setting.LOGIN_IP_FAILURES, "2",
                Setting.TRUST_FORWARDED, "true"));
    try {
      Api behind = new Api(proxied.port());
      BiFunction<String, String, Integer> from =
          (address, password) ->
              behind
                  .send(
                      behind
                          .builder("/api/v1/auth/login", null)
                          .header("Content-Type", "application/json")
                          .header("X-Forwarded-For", address)
                          .POST(
                              HttpRequest.BodyPublishers.ofString(
                                  new JsonObject()
                                      .put("username", "teacher.xining")
                                      .put("password", password)
                                      .encode())))
                  .status();
      assertThat(from.apply("198.51.100.7", "wrong-1")).isEqualTo(401);
      assertThat(from.apply("198.51.100.7", "wrong-2")).isEqualTo(401);
      assertThat(from.apply("198.51.100.7", "classbridge")).isEqualTo(429);
      assertThat(from.apply("198.51.100.8", "classbridge")).isEqualTo(200);
    } finally {
      proxied.close();
    }
  }
}
