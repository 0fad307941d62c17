package org.classbridge.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.testing.Api;
import org.classbridge.testing.PostgresSchema;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The login throttle holds across nodes: two servers sharing one PostgreSQL allow the configured
 * allowance once between them, not once each.
 */
class SharedThrottleTest {
  @TempDir Path data;

  @Test
  @DisplayName("two nodes on one PostgreSQL allow an account's failures once, not twice")
  void allowanceOnceAcrossNodes() throws Exception {
    try (PostgresSchema schema = PostgresSchema.createOrSkip("SharedThrottleTest")) {
      Map<Setting, String> settings = new HashMap<>();
      settings.put(Setting.DB_URL, schema.url());
      settings.put(Setting.LOGIN_ACCOUNT_FAILURES, "3");
      settings.put(Setting.LOGIN_IP_FAILURES, "1000");
      try (Classbridge a = TestApp.start(data.resolve("a"), settings);
          Classbridge b = TestApp.start(data.resolve("b"), settings)) {
        Api[] nodes = {new Api(a.port()), new Api(b.port())};
        Map<String, Integer> codes = new HashMap<>();
        for (int i = 0; i < 10; i++) {
          Api.Response r =
              nodes[i % 2].post(
                  "/api/v1/auth/login",
                  null,
                  new JsonObject().put("username", "teacher.guoluo").put("password", "wrong-" + i));
          codes.merge(r.json().getString("code"), 1, Integer::sum);
        }
        assertThat(codes)
            .containsEntry("invalid-credentials", 3)
            .containsEntry("login-throttled", 7);
        // the right password is refused too while the account's bucket is empty, on either node
        Api.Response right =
            nodes[1].post(
                "/api/v1/auth/login",
                null,
                new JsonObject().put("username", "teacher.guoluo").put("password", "classbridge"));
        assertThat(right.json().getString("code")).isEqualTo("login-throttled");
      }
    }
  }
}
