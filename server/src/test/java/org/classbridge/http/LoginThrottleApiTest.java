package org.classbridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
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
}
