package org.classbridge.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.classbridge.app.Classbridge;
import org.classbridge.testing.Api;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Demo accounts share one hash of the password the README publishes (a first start hashes it once,
 * not once per account); every other account's password is hashed with a salt of its own, even when
 * two passwords are equal. The seed ships the stored form of the demo password, used when its cost
 * is the server's.
 */
class DemoPasswordHashTest {
  @TempDir static Path data;
  static Classbridge app;
  static Api api;

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start(data, Map.of());
    api = new Api(app.port());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static List<String> hashes(String... usernames) throws Exception {
    return app.services()
        .database()
        .read(
            tx ->
                tx.list(
                    "select password_hash from app_user where username in ("
                        + String.join(",", java.util.Collections.nCopies(usernames.length, "?"))
                        + ")",
                    rs -> rs.getString(1),
                    (Object[]) usernames))
        .await(10, TimeUnit.SECONDS);
  }

  @Test
  @DisplayName("the demo accounts share one hash, and each still logs in with the demo password")
  void demoShared() throws Exception {
    List<String> demo = hashes("admin", "coordinator", "teacher.xining", "student.yushu");
    assertThat(demo).hasSize(4);
    assertThat(demo).containsOnly(demo.getFirst());
    assertThat(demo.getFirst()).doesNotContain("classbridge");
    for (String user : List.of("admin", "teacher.xining", "student.yushu")) {
      assertThat(api.login(user, "classbridge")).isNotBlank();
    }
  }

  static JsonObject seed() throws Exception {
    try (var in = DemoPasswordHashTest.class.getResourceAsStream("/seeds/qinghai-demo.json")) {
      return new JsonObject(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
    }
  }

  @Test
  @DisplayName(
      "the seed's stored demo password verifies at the default cost; any other cost hashes")
  void shippedHash(@TempDir Path other) throws Exception {
    JsonObject seed = seed();
    String shipped = seed.getString("demoPasswordHash");
    int defaults = Integer.parseInt(org.classbridge.app.Setting.PASSWORD_ITERATIONS.defaultValue());
    PasswordHasher hasher = new PasswordHasher(defaults);
    // a stale seed (a changed default, a typo) fails here rather than locking the demo out
    assertThat(hasher.hasCost(shipped)).as("shipped at the default cost").isTrue();
    assertThat(hasher.verify(seed.getString("demoPassword"), shipped)).isTrue();
    assertThat(hasher.verify("classbridgE", shipped)).isFalse();
    // the tests' app runs at 1000 iterations: the shipped form is not used there
    assertThat(hashes("coordinator")).doesNotContain(shipped);
    // at the default cost, a first start stores the shipped form, and it logs in
    Classbridge real =
        TestApp.start(
            other,
            Map.of(org.classbridge.app.Setting.PASSWORD_ITERATIONS, Integer.toString(defaults)));
    try {
      String stored =
          real.services()
              .database()
              .read(
                  tx ->
                      tx.list(
                          "select password_hash from app_user where username = ?",
                          rs -> rs.getString(1),
                          "student.yushu"))
              .await(10, TimeUnit.SECONDS)
              .getFirst();
      assertThat(stored).isEqualTo(shipped);
      assertThat(new Api(real.port()).login("student.yushu", "classbridge")).isNotBlank();
    } finally {
      real.close();
    }
  }

  @Test
  @DisplayName("two accounts an admin makes with the same password get different hashes")
  void othersSalted() throws Exception {
    String admin = api.login("admin", "classbridge");
    String school =
        api.get("/api/v1/me", api.login("teacher.xining", "classbridge"))
            .json()
            .getJsonObject("school")
            .getString("id");
    for (String name : List.of("teacher.same1", "teacher.same2")) {
      Api.Response made =
          api.post(
              "/api/v1/users",
              admin,
              new JsonObject()
                  .put("username", name)
                  .put("displayName", "同 老师")
                  .put("role", "teacher")
                  .put("schoolId", school)
                  .put("password", "one-shared-password"));
      assertThat(made.status()).as("%s", made).isEqualTo(201);
    }
    List<String> two = hashes("teacher.same1", "teacher.same2");
    assertThat(two).hasSize(2);
    assertThat(two.get(0)).isNotEqualTo(two.get(1));
  }
}
