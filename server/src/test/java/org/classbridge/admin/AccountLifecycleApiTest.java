package org.classbridge.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.classbridge.testing.Problems.assertProblem;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.testing.Api;
import org.classbridge.testing.Api.Response;
import org.classbridge.testing.OtherGroup;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A school year of account administration through the API: resets, first-login password changes,
 * deactivation, moves, optimistic concurrency, and who may do which of it.
 */
class AccountLifecycleApiTest {
  static final String PASSWORD = "classbridge";
  @TempDir static Path data;
  static Classbridge app;
  static Api api;

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start(data, Map.of(Setting.LOGIN_IP_FAILURES, "10000"));
    api = new Api(app.port());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static String token(String username) {
    return api.login(username, PASSWORD);
  }

  static String idOf(String adminToken, String username) {
    Response r = api.get("/api/v1/users?q=" + username, adminToken);
    for (Object o : r.json().getJsonArray("items")) {
      JsonObject a = (JsonObject) o;
      if (a.getString("username").equals(username)) {
        return a.getString("id");
      }
    }
    throw new AssertionError(username + " not listed: " + r);
  }

  static Response login(String username, String password) {
    return api.post(
        "/api/v1/auth/login",
        null,
        new JsonObject().put("username", username).put("password", password));
  }

  @Test
  @DisplayName("a teacher resets a pupil's password; the pupil must change it before anything else")
  void resetAndFirstLogin() {
    String admin = token("admin");
    String pupilId = idOf(admin, "student.yushu2");
    String oldToken = token("student.yushu2");

    Response reset =
        api.post(
            "/api/v1/users/" + pupilId + "/password-reset",
            token("teacher.yushu"),
            new JsonObject());
    assertThat(reset.status()).as("%s", reset).isEqualTo(200);
    String oneTime = reset.json().getString("oneTimePassword");
    assertThat(oneTime).hasSize(10);

    // the reset ended the pupil's tokens at once
    assertProblem(api.get("/api/v1/me", oldToken), 401, "token-revoked");

    Response first = login("student.yushu2", oneTime);
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.json().getBoolean("mustChangePassword")).isTrue();
    String limited = first.json().getString("token");
    assertProblem(api.get("/api/v1/me", limited), 403, "password-change-required");
    assertProblem(api.get("/api/v1/schools", limited), 403, "password-change-required");

    Response weak =
        api.post(
            "/api/v1/me/password",
            limited,
            new JsonObject().put("oldPassword", oneTime).put("newPassword", "short"));
    assertProblem(weak, 400, "validation-failed");
    Response wrongOld =
        api.post(
            "/api/v1/me/password",
            limited,
            new JsonObject()
                .put("oldPassword", "not-it-at-all")
                .put("newPassword", "a-new-secret-1"));
    assertProblem(wrongOld, 400, "wrong-password");

    Response changed =
        api.post(
            "/api/v1/me/password",
            limited,
            new JsonObject().put("oldPassword", oneTime).put("newPassword", "a-new-secret-1"));
    assertThat(changed.status()).as("%s", changed).isEqualTo(200);
    String fresh = changed.json().getString("token");
    assertThat(api.get("/api/v1/me", fresh).status()).isEqualTo(200);
    assertProblem(api.get("/api/v1/me", limited), 401, "token-revoked");
    Response again = login("student.yushu2", "a-new-secret-1");
    assertThat(again.json().getBoolean("mustChangePassword")).isFalse();
    assertProblem(login("student.yushu2", oneTime), 401, "invalid-credentials");
  }

  @Test
  @DisplayName("resets are refused outside the caller's reach, as if the account did not exist")
  void resetReach() {
    String admin = token("admin");
    String teacher = token("teacher.yushu");
    // a pupil of another school, and a fellow teacher: not this teacher's pupils
    assertProblem(
        api.post(
            "/api/v1/users/" + idOf(admin, "student.guoluo") + "/password-reset",
            teacher,
            new JsonObject()),
        404,
        "user-not-found");
    assertProblem(
        api.post(
            "/api/v1/users/" + idOf(admin, "teacher.guoluo") + "/password-reset",
            teacher,
            new JsonObject()),
        404,
        "user-not-found");
    assertProblem(
        api.post(
            "/api/v1/users/" + idOf(admin, "coordinator") + "/password-reset",
            token("coordinator"),
            new JsonObject()),
        400,
        "reset-own-password");
    assertProblem(
        api.post(
            "/api/v1/users/" + idOf(admin, "admin") + "/password-reset",
            token("coordinator"),
            new JsonObject()),
        404,
        "user-not-found");
    assertProblem(
        api.post(
            "/api/v1/users/" + idOf(admin, "student.haixi") + "/password-reset",
            token("student.yushu"),
            new JsonObject()),
        403,
        "forbidden");
  }

  @Test
  @DisplayName(
      "a coordinator reaches only their own group: ids guessed across groups are not found")
  void otherGroup() {
    String admin = token("admin");
    OtherGroup haidong =
        OtherGroup.create(api, admin, "海东教育集团", "海东市平安区第二中学", "海东市", "平安区", "rural");
    String id = haidong.account("haidong.pupil", "才让", "student");
    String school = haidong.schoolId();
    String coordinator = token("coordinator");
    assertProblem(api.get("/api/v1/users/" + id, coordinator), 404, "user-not-found");
    assertProblem(
        api.patch(
            "/api/v1/users/" + id, coordinator, "\"0\"", new JsonObject().put("displayName", "x")),
        404,
        "user-not-found");
    assertProblem(
        api.post("/api/v1/users/" + id + "/password-reset", coordinator, new JsonObject()),
        404,
        "user-not-found");
    JsonArray listed = api.get("/api/v1/users?size=1000", coordinator).json().getJsonArray("items");
    assertThat(listed.stream().map(o -> ((JsonObject) o).getString("username")))
        .doesNotContain("haidong.pupil", "admin", "coordinator")
        .contains("student.yushu", "teacher.yushu");
    // nor may a coordinator create accounts in another group's school, or above their station
    assertProblem(
        api.post(
            "/api/v1/users",
            coordinator,
            new JsonObject()
                .put("username", "sneaky.one")
                .put("displayName", "x")
                .put("role", "student")
                .put("schoolId", school)
                .put("password", "classbridge")),
        400,
        "unknown-school");
  }

  @Test
  @DisplayName("updates need the version read: stale 412, missing 428, unknown fields 400")
  void optimisticConcurrency() {
    String admin = token("admin");
    String id = idOf(admin, "student.xining");
    Response read = api.get("/api/v1/users/" + id, admin);
    String etag = read.headers().get("etag").get(0);
    assertProblem(
        api.patch("/api/v1/users/" + id, admin, null, new JsonObject().put("displayName", "A")),
        428,
        "if-match-required");
    Response first =
        api.patch(
            "/api/v1/users/" + id, admin, etag, new JsonObject().put("displayName", "卓玛 སྒྲོལ་མ"));
    assertThat(first.status()).as("%s", first).isEqualTo(200);
    assertThat(first.json().getString("displayName")).isEqualTo("卓玛 སྒྲོལ་མ");
    assertThat(first.headers().get("etag").get(0)).isNotEqualTo(etag);
    // a second coordinator working from the same read loses nothing silently
    assertProblem(
        api.patch("/api/v1/users/" + id, admin, etag, new JsonObject().put("displayName", "B")),
        412,
        "version-mismatch");
    assertProblem(
        api.patch(
            "/api/v1/users/" + id,
            admin,
            first.headers().get("etag").get(0),
            new JsonObject().put("password", "x")),
        400,
        "validation-failed");
    assertThat(api.get("/api/v1/users/" + id, admin).json().getString("displayName"))
        .isEqualTo("卓玛 སྒྲོལ་མ");
  }

  @Test
  @DisplayName("deactivation ends tokens and logins at once; reactivation restores the login")
  void deactivate() {
    String admin = token("admin");
    String id = idOf(admin, "student.guoluo");
    String pupil = token("student.guoluo");
    String coordinator = token("coordinator");
    String etag = api.get("/api/v1/users/" + id, coordinator).headers().get("etag").get(0);
    Response off =
        api.patch("/api/v1/users/" + id, coordinator, etag, new JsonObject().put("active", false));
    assertThat(off.status()).as("%s", off).isEqualTo(200);
    assertProblem(api.get("/api/v1/me", pupil), 401, "token-revoked");
    assertProblem(login("student.guoluo", PASSWORD), 403, "account-disabled");
    Response on =
        api.patch(
            "/api/v1/users/" + id,
            coordinator,
            off.headers().get("etag").get(0),
            new JsonObject().put("active", true));
    assertThat(on.status()).isEqualTo(200);
    assertThat(login("student.guoluo", PASSWORD).status()).isEqualTo(200);
    // a coordinator cannot promote anyone to admin
    assertProblem(
        api.patch(
            "/api/v1/users/" + id,
            coordinator,
            on.headers().get("etag").get(0),
            new JsonObject().put("role", "admin")),
        403,
        "role-not-allowed");
  }

  @Test
  @DisplayName("the last active admin can be neither deactivated nor demoted")
  void lastAdmin() {
    String admin = token("admin");
    Response second =
        api.post(
            "/api/v1/users",
            admin,
            new JsonObject()
                .put("username", "admin.two")
                .put("displayName", "Second admin")
                .put("role", "admin")
                .put("password", "classbridge"));
    assertThat(second.status()).isEqualTo(201);
    String adminId = idOf(admin, "admin");
    String other = token("admin.two");
    assertProblem(
        api.patch(
            "/api/v1/users/" + adminId,
            admin,
            etagOf(admin, adminId),
            new JsonObject().put("active", false)),
        409,
        "cannot-deactivate-self");
    Response off =
        api.patch(
            "/api/v1/users/" + adminId,
            other,
            etagOf(other, adminId),
            new JsonObject().put("active", false));
    assertThat(off.status()).as("%s", off).isEqualTo(200);
    String secondId = second.json().getString("id");
    assertProblem(
        api.patch(
            "/api/v1/users/" + secondId,
            other,
            etagOf(other, secondId),
            new JsonObject().put("role", "coordinator").put("schoolId", idOfSchool(other))),
        409,
        "last-admin");
    Response back =
        api.patch(
            "/api/v1/users/" + adminId,
            other,
            etagOf(other, adminId),
            new JsonObject().put("active", true));
    assertThat(back.status()).isEqualTo(200);
  }

  static String etagOf(String token, String id) {
    return api.get("/api/v1/users/" + id, token).headers().get("etag").get(0);
  }

  static String idOfSchool(String token) {
    return api.get("/api/v1/schools", token)
        .json()
        .getJsonArray("items")
        .getJsonObject(0)
        .getString("id");
  }

  @Test
  @DisplayName("a pupil moved to another school leaves the old school's classes")
  void moveSchool() {
    String coordinator = token("coordinator");
    String admin = token("admin");
    String id = idOf(admin, "student.haixi");
    String classId =
        api.get("/api/v1/me", token("student.haixi"))
            .json()
            .getJsonArray("classes")
            .getJsonObject(0)
            .getString("id");
    JsonArray schools = api.get("/api/v1/schools", coordinator).json().getJsonArray("items");
    String yushu =
        schools.stream()
            .map(o -> (JsonObject) o)
            .filter(s -> s.getString("name").startsWith("玉树"))
            .findFirst()
            .orElseThrow()
            .getString("id");
    Response moved =
        api.patch(
            "/api/v1/users/" + id,
            coordinator,
            etagOf(coordinator, id),
            new JsonObject().put("schoolId", yushu));
    assertThat(moved.status()).as("%s", moved).isEqualTo(200);
    assertThat(moved.json().getString("schoolId")).isEqualTo(yushu);
    JsonArray members =
        api.get("/api/v1/classes/" + classId + "/members", coordinator)
            .json()
            .getJsonArray("items");
    assertThat(members.stream().map(o -> ((JsonObject) o).getString("username")))
        .doesNotContain("student.haixi");
  }

  @Test
  @DisplayName("log out everywhere ends every token of the account, this one included")
  void logoutEverywhere() {
    String a = token("teacher.haixi");
    String b = token("teacher.haixi");
    Response r = api.post("/api/v1/me/logout-everywhere", a, new JsonObject());
    assertThat(r.status()).isEqualTo(204);
    assertProblem(api.get("/api/v1/me", a), 401, "token-revoked");
    assertProblem(api.get("/api/v1/me", b), 401, "token-revoked");
    assertThat(api.get("/api/v1/me", token("teacher.haixi")).status()).isEqualTo(200);
  }

  @Test
  @DisplayName(
      "every change is audited, without password material, and a coordinator reads their group's")
  void audit() {
    String admin = token("admin");
    String id = idOf(admin, "student.yushu");
    api.post("/api/v1/users/" + id + "/password-reset", token("coordinator"), new JsonObject());
    Response log = api.get("/api/v1/audit?entityId=" + id, token("coordinator"));
    assertThat(log.status()).isEqualTo(200);
    JsonObject event = log.json().getJsonArray("items").getJsonObject(0);
    assertThat(event.getString("action")).isEqualTo("account.password-reset");
    assertThat(event.getJsonObject("actor").getString("name")).isEqualTo("coordinator");
    assertThat(log.body()).doesNotContain("oneTimePassword").doesNotContainIgnoringCase("hash");
    assertProblem(api.get("/api/v1/audit", token("teacher.yushu")), 403, "forbidden");
    assertProblem(api.get("/api/v1/audit?before=yesterday", admin), 400, "validation-failed");
  }
}
