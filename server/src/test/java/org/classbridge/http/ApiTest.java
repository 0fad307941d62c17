package org.classbridge.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.classbridge.testing.Problems.assertProblem;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.classbridge.app.AppConfig;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.auth.SigningKeys;
import org.classbridge.auth.TokenService;
import org.classbridge.identity.Principal;
import org.classbridge.testing.Api;
import org.classbridge.testing.Api.Response;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API end to end: a real server on a free port, embedded backends, demo data. */
class ApiTest {
  static final String PASSWORD = "classbridge";

  @TempDir static Path data;
  static Classbridge app;
  static Api api;
  static AppConfig config;

  @BeforeAll
  static void start() throws Exception {
    config =
        TestApp.config(
            data,
            Map.of(
                Setting.LOGIN_IP_FAILURES,
                "10000",
                Setting.METRICS_TOKEN,
                "scrape-0123456789abcdef"));
    app = Classbridge.start(config, Clock.systemUTC());
    api = new Api(app.port());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static String token(String username) {
    return api.login(username, PASSWORD);
  }

  // --- logging in

  @Test
  @DisplayName("every demo account logs in with 'classbridge' and /me shows its role")
  void demoAccounts() {
    Map<String, String> roles =
        Map.of(
            "admin", "admin",
            "coordinator", "coordinator",
            "teacher.xining", "teacher",
            "teacher.yushu", "teacher",
            "student.yushu", "student");
    roles.forEach(
        (username, role) -> {
          Response me = api.get("/api/v1/me", token(username));
          assertThat(me.status()).isEqualTo(200);
          assertThat(me.json().getJsonObject("user").getString("username")).isEqualTo(username);
          assertThat(me.json().getJsonObject("user").getString("role")).isEqualTo(role);
        });
  }

  @Test
  @DisplayName("the coordinator's /me names the Xining school and the education group")
  void coordinatorMe() {
    JsonObject me = api.get("/api/v1/me", token("coordinator")).json();
    assertThat(me.getJsonObject("school").getString("name")).isEqualTo("西宁市课桥实验中学");
    assertThat(me.getJsonObject("school").getJsonObject("group").getString("name"))
        .isEqualTo("三江源名校+教育集团（演示）");
    JsonObject student = api.get("/api/v1/me", token("student.yushu")).json();
    assertThat(student.getJsonObject("user").getString("displayName")).contains("ཚེ་རིང་");
    assertThat(student.getJsonArray("classes")).hasSize(1);
    assertThat(student.getJsonObject("user").fieldNames())
        .doesNotContain("phone", "idNumber", "passwordHash");
  }

  @Test
  @DisplayName("a wrong password and an unknown username get the same 401")
  void wrongCredentials() {
    Response wrong =
        api.post(
            "/api/v1/auth/login",
            null,
            new JsonObject().put("username", "teacher.haixi").put("password", "not-it"));
    Response unknown =
        api.post(
            "/api/v1/auth/login",
            null,
            new JsonObject().put("username", "nobody.here").put("password", "not-it"));
    assertProblem(wrong, 401, "invalid-credentials");
    assertProblem(unknown, 401, "invalid-credentials");
    assertThat(wrong.json().getString("detail")).isEqualTo(unknown.json().getString("detail"));
  }

  @Test
  @DisplayName("usernames are case-insensitive at login")
  void caseInsensitiveLogin() {
    assertThat(api.login("Teacher.Xining", PASSWORD)).isNotBlank();
  }

  // --- tokens

  private static TokenService tokensWith(String issuer, String audience, Clock clock)
      throws Exception {
    return new TokenService(
        SigningKeys.resolve(config.auth()), issuer, audience, Duration.ofHours(1), clock);
  }

  private static Principal studentPrincipal() throws Exception {
    return new TokenService(
            SigningKeys.resolve(config.auth()),
            "classbridge",
            "classbridge-api",
            Duration.ofHours(1),
            Clock.systemUTC())
        .verify(token("student.yushu"));
  }

  @Test
  @DisplayName("unsigned, expired, wrong-issuer, wrong-audience and tampered tokens get 401")
  void badTokens() throws Exception {
    Principal student = studentPrincipal();
    String good = token("student.yushu");
    String[] parts = good.split("\\.");
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();

    String unsigned =
        b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[1]
            + ".";
    assertProblem(api.get("/api/v1/me", unsigned), 401, "invalid-token");

    Clock past = Clock.offset(Clock.systemUTC(), Duration.ofHours(-2));
    String expired = tokensWith("classbridge", "classbridge-api", past).issue(student).token();
    assertProblem(api.get("/api/v1/me", expired), 401, "token-expired");

    String wrongIssuer =
        tokensWith("evil", "classbridge-api", Clock.systemUTC()).issue(student).token();
    assertProblem(api.get("/api/v1/me", wrongIssuer), 401, "invalid-token");

    String wrongAudience =
        tokensWith("classbridge", "jitsi", Clock.systemUTC()).issue(student).token();
    assertProblem(api.get("/api/v1/me", wrongAudience), 401, "invalid-token");

    JsonObject claims =
        new JsonObject(new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8))
            .put("role", "admin");
    String tampered =
        parts[0]
            + "."
            + b64.encodeToString(claims.encode().getBytes(StandardCharsets.UTF_8))
            + "."
            + parts[2];
    assertProblem(api.get("/api/v1/me", tampered), 401, "invalid-token");
    assertProblem(api.get("/api/v1/users", tampered), 401, "invalid-token");

    Response none = api.get("/api/v1/me", null);
    assertProblem(none, 401, "unauthenticated");
    assertThat(none.header("WWW-Authenticate")).startsWith("Bearer");
  }

  // --- roles

  @Test
  @DisplayName(
      "a student calling a coordinator route gets 403; a coordinator calling an admin route too")
  void forbidden() {
    assertProblem(api.get("/api/v1/schools", token("student.yushu")), 403, "forbidden");
    assertProblem(
        api.post("/api/v1/groups", token("coordinator"), new JsonObject().put("name", "x")),
        403,
        "forbidden");
    assertProblem(api.get("/api/v1/users", token("teacher.yushu")), 403, "forbidden");
  }

  @Test
  @DisplayName("a coordinator sees the schools of the group, not those of another group")
  void groupScope() {
    String admin = token("admin");
    Response other =
        api.post(
            "/api/v1/groups", admin, new JsonObject().put("name", "海东教育集团 " + UUID.randomUUID()));
    assertThat(other.status()).isEqualTo(201);
    Response foreign =
        api.post(
            "/api/v1/schools",
            admin,
            new JsonObject()
                .put("groupId", other.json().getString("id"))
                .put("name", "海东市平安区示范学校 " + UUID.randomUUID())
                .put("setting", "rural")
                .put("region", new JsonObject().put("prefecture", "海东市").put("county", "平安区")));
    assertThat(foreign.status()).isEqualTo(201);
    String coordinator = token("coordinator");
    JsonArray schools = api.get("/api/v1/schools", coordinator).items();
    assertThat(schools).hasSize(4);
    assertThat(schools.getJsonObject(0).getString("setting"))
        .as("teaching school first")
        .isEqualTo("urban");
    assertThat(schools.stream().map(o -> ((JsonObject) o).getString("name")))
        .doesNotContain(foreign.json().getString("name"));
    String foreignId = foreign.json().getString("id");
    assertProblem(api.get("/api/v1/schools/" + foreignId, coordinator), 404, "school-not-found");
    assertProblem(
        api.get("/api/v1/schools/" + foreignId + "/classrooms", coordinator),
        404,
        "school-not-found");
    assertThat(api.get("/api/v1/schools/" + foreignId, admin).status()).isEqualTo(200);
  }

  // --- admin writes

  @Test
  @DisplayName("an admin builds a school with a classroom, a class, a teacher and a student in it")
  void adminBuildsASchool() {
    String admin = token("admin");
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    JsonObject group =
        api.post("/api/v1/groups", admin, new JsonObject().put("name", "黄南教育集团 " + suffix)).json();
    Response school =
        api.post(
            "/api/v1/schools",
            admin,
            new JsonObject()
                .put("groupId", group.getString("id"))
                .put("name", "同仁市牧区学校 " + suffix)
                .put("setting", "pastoral")
                .put("region", new JsonObject().put("prefecture", "黄南藏族自治州").put("county", "同仁市")));
    assertThat(school.status()).isEqualTo(201);
    assertThat(school.json().getJsonObject("region").getString("county")).isEqualTo("同仁市");
    String schoolId = school.json().getString("id");

    Response room =
        api.post(
            "/api/v1/schools/" + schoolId + "/classrooms",
            admin,
            new JsonObject().put("name", "接收教室").put("kind", "receiving").put("capacity", 40));
    assertThat(room.status()).isEqualTo(201);
    assertProblem(
        api.post(
            "/api/v1/schools/" + schoolId + "/classrooms",
            admin,
            new JsonObject().put("name", "接收教室").put("kind", "receiving").put("capacity", 40)),
        409,
        "classroom-exists");
    Response klass =
        api.post(
            "/api/v1/schools/" + schoolId + "/classes",
            admin,
            new JsonObject().put("name", "七年级（1）班").put("grade", 7).put("language", "bo"));
    assertThat(klass.status()).isEqualTo(201);

    Response teacher =
        api.post(
            "/api/v1/users",
            admin,
            new JsonObject()
                .put("username", "teacher." + suffix)
                .put("displayName", "དབང་ཕྱུག 旺秀 老师")
                .put("role", "teacher")
                .put("schoolId", schoolId)
                .put("preferredLanguage", "bo")
                .put("password", "a-good-password"));
    assertThat(teacher.status()).as("%s", teacher).isEqualTo(201);
    assertThat(teacher.json().fieldNames()).doesNotContain("password", "passwordHash");
    assertProblem(
        api.post(
            "/api/v1/users",
            admin,
            teacher.json().copy().put("password", "a-good-password").put("schoolId", schoolId)),
        409,
        "username-taken");

    String members = "/api/v1/classes/" + klass.json().getString("id") + "/members";
    JsonObject add = new JsonObject().put("userId", teacher.json().getString("id"));
    assertThat(api.post(members, admin, add).status()).isEqualTo(201);
    assertThat(api.post(members, admin, add).status()).isEqualTo(200);
    String teacherToken = api.login("teacher." + suffix, "a-good-password");
    assertThat(api.get(members, teacherToken).items()).hasSize(1);
    assertProblem(api.get(members, token("teacher.yushu")), 404, "class-not-found");
    JsonObject me = api.get("/api/v1/me", teacherToken).json();
    assertThat(me.getJsonArray("classes").getJsonObject(0).getString("name")).isEqualTo("七年级（1）班");
  }

  // --- bad input

  @Test
  @DisplayName("bad input gets problem+json with a stable code and every broken field listed")
  void badInput() {
    String admin = token("admin");
    Response empty = api.post("/api/v1/schools", admin, new JsonObject());
    assertProblem(empty, 400, "validation-failed");
    assertThat(
            empty.json().getJsonArray("errors").stream()
                .map(e -> ((JsonObject) e).getString("field")))
        .contains("groupId", "name", "region.prefecture", "region.county", "setting");

    assertProblem(
        api.postRaw("/api/v1/groups", admin, "application/json", "{not json".getBytes()),
        400,
        "bad-json");
    assertProblem(
        api.postRaw("/api/v1/groups", admin, "application/json", "[1,2]".getBytes()),
        400,
        "bad-json");
    assertProblem(
        api.post("/api/v1/groups", admin, new JsonObject().put("name", 42)),
        400,
        "validation-failed");
    assertProblem(
        api.postRaw("/api/v1/groups", admin, "text/plain", "name".getBytes()),
        415,
        "unsupported-media-type");
    byte[] huge = ("{\"name\":\"" + "x".repeat(1_100_000) + "\"}").getBytes();
    assertProblem(
        api.postRaw("/api/v1/groups", admin, "application/json", huge), 413, "body-too-large");
    assertProblem(
        api.post("/api/v1/groups", admin, new JsonObject().put("name", "bad\u0000name")),
        400,
        "validation-failed");
    assertProblem(
        api.post(
            "/api/v1/users",
            admin,
            new JsonObject()
                .put("username", "../etc")
                .put("displayName", "x")
                .put("role", "student")
                .put("password", "short")),
        400,
        "validation-failed");
    assertProblem(api.get("/api/v1/schools?groupId=nope", admin), 400, "validation-failed");
    assertProblem(api.get("/api/v1/schools/not-a-uuid", admin), 404, "not-found");
    assertProblem(
        api.post(
            "/api/v1/auth/login",
            null,
            new JsonObject().put("username", "admin").put("password", "x".repeat(200))),
        400,
        "validation-failed");
  }

  @Test
  @DisplayName("a caller without a token is refused before the server reads what it sends")
  void refusedBeforeTheBody() {
    byte[] big = new byte[6 * 1024 * 1024]; // above every body limit
    assertProblem(
        api.postRaw("/api/v1/users/import", null, "text/csv", big), 401, "unauthenticated");
    assertProblem(
        api.postRaw("/api/v1/groups", token("student.yushu"), "application/json", big),
        403,
        "forbidden");
  }

  @Test
  @DisplayName(
      "unknown routes are 404 and known paths with another method are 405, as problem+json")
  void unknownRoutes() {
    assertProblem(api.get("/api/v1/nothing-here", null), 404, "not-found");
    assertProblem(api.request("DELETE", "/api/v1/me", token("admin")), 405, "method-not-allowed");
  }

  // --- operations

  @Test
  @DisplayName("liveness and readiness answer, with the database and blob store checked")
  void health() {
    assertThat(api.get("/health/live", null).json().getString("status")).isEqualTo("up");
    JsonObject ready = api.get("/health/ready", null).json();
    assertThat(ready.getString("status")).isEqualTo("up");
    assertThat(ready.getJsonObject("checks").getString("database")).isEqualTo("up");
    assertThat(ready.getJsonObject("checks").getString("blobStore")).isEqualTo("up");
  }

  @Test
  @DisplayName("metrics are for the scraper token and admins: anonymous 401, student 403")
  void metrics() {
    assertProblem(api.get("/metrics", null), 401, "unauthenticated");
    assertProblem(api.get("/metrics", token("student.yushu")), 403, "forbidden");
    api.get("/api/v1/me", token("coordinator"));
    Response m = api.get("/metrics", token("admin"));
    assertThat(m.status()).isEqualTo(200);
    assertThat(m.body())
        .contains("vertx_http_server_requests_total")
        .contains("hikaricp_connections");
  }

  @Test
  @DisplayName("a sane inbound X-Request-Id is echoed; a hostile one is replaced")
  void requestIds() {
    Response r =
        api.send(api.builder("/health/live", null).header("X-Request-Id", "proxy-abc.123").GET());
    assertThat(r.header("X-Request-Id")).isEqualTo("proxy-abc.123");
    Response bad =
        api.send(api.builder("/health/live", null).header("X-Request-Id", "a b<script>").GET());
    assertThat(bad.header("X-Request-Id")).matches("[0-9a-f]{16}");
  }

  @Test
  @DisplayName(
      "the web app is served with a strict content security policy, and hidden files are not")
  void webApp() {
    Response index = api.get("/", null);
    assertThat(index.status()).isEqualTo(200);
    assertThat(index.body()).contains("<meta charset=\"utf-8\">").contains("/app.js");
    assertThat(index.header("Content-Security-Policy")).contains("script-src 'self'");
    assertThat(index.header("X-Content-Type-Options")).isEqualTo("nosniff");
    assertThat(
            api.get(
                    "/vendor/fonts/noto-serif-tibetan/noto-serif-tibetan-tibetan-400-normal.woff2",
                    null)
                .status())
        .isEqualTo(200);
    assertThat(api.get("/.hidden", null).status()).isEqualTo(404);
    assertThat(api.get("/../pom.xml", null).status()).isIn(400, 404);
  }

  @Test
  @DisplayName("the OpenAPI document is served")
  void openApi() {
    Response r = api.get("/api/v1/openapi.yaml", null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.body()).startsWith("openapi: 3.1.0");
  }

  static List<String> demoUsers() {
    return List.of("admin", "coordinator", "teacher.xining", "teacher.yushu", "student.yushu");
  }
}
