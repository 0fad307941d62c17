package org.classbridge.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.classbridge.testing.Problems.assertProblem;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.List;
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

/** Correcting and retiring the school directory through a school year, over the API. */
class DirectoryAdministrationApiTest {
  @TempDir static Path data;
  static Classbridge app;
  static Api api;
  static String admin;
  static String coordinator;
  static String yushu;
  static String otherGroupSchool;

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start(data, Map.of(Setting.LOGIN_IP_FAILURES, "10000"));
    api = new Api(app.port());
    admin = api.login("admin", "classbridge");
    coordinator = api.login("coordinator", "classbridge");
    yushu = schoolId("玉树");
    String group =
        api.post("/api/v1/groups", admin, new JsonObject().put("name", "海北教育集团"))
            .json()
            .getString("id");
    otherGroupSchool =
        api.post(
                "/api/v1/schools",
                admin,
                new JsonObject()
                    .put("groupId", group)
                    .put("name", "海北州刚察县民族中学")
                    .put("region", new JsonObject().put("prefecture", "海北州").put("county", "刚察县"))
                    .put("setting", "pastoral"))
            .json()
            .getString("id");
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static String schoolId(String prefix) {
    JsonArray schools = api.get("/api/v1/schools", admin).json().getJsonArray("items");
    return schools.stream()
        .map(o -> (JsonObject) o)
        .filter(s -> s.getString("name").startsWith(prefix))
        .findFirst()
        .orElseThrow()
        .getString("id");
  }

  static String etag(Response r) {
    return r.headers().get("etag").get(0);
  }

  static JsonArray names(Response list) {
    JsonArray out = new JsonArray();
    list.json().getJsonArray("items").forEach(o -> out.add(((JsonObject) o).getString("name")));
    return out;
  }

  @Test
  @DisplayName(
      "a coordinator adds, renames (Chinese and Tibetan) and retires a classroom of their group")
  void classroomLifecycle() {
    Response created =
        api.post(
            "/api/v1/schools/" + yushu + "/classrooms",
            coordinator,
            new JsonObject()
                .put("name", "接收教室二")
                .put("nameBo", "སློབ་ཁང་གཉིས་པ།")
                .put("kind", "receiving")
                .put("capacity", 40));
    assertThat(created.status()).as("%s", created).isEqualTo(201);
    String id = created.json().getString("id");
    assertThat(created.json().getString("nameBo")).isEqualTo("སློབ་ཁང་གཉིས་པ།");
    String v0 = etag(created);

    Response renamed =
        api.patch(
            "/api/v1/classrooms/" + id, coordinator, v0, new JsonObject().put("name", "同步接收教室"));
    assertThat(renamed.status()).as("%s", renamed).isEqualTo(200);
    assertProblem(
        api.patch(
            "/api/v1/classrooms/" + id,
            coordinator,
            v0,
            new JsonObject().put("name", "lost update")),
        412,
        "version-mismatch");
    assertProblem(
        api.patch("/api/v1/classrooms/" + id, coordinator, null, new JsonObject().put("name", "x")),
        428,
        "if-match-required");
    assertProblem(
        api.patch(
            "/api/v1/classrooms/" + id,
            coordinator,
            etag(renamed),
            new JsonObject().put("schoolId", otherGroupSchool)),
        400,
        "validation-failed");

    Response retired =
        api.patch(
            "/api/v1/classrooms/" + id,
            coordinator,
            etag(renamed),
            new JsonObject().put("retired", true));
    assertThat(retired.json().getBoolean("retired")).isTrue();
    assertThat(names(api.get("/api/v1/schools/" + yushu + "/classrooms", coordinator)))
        .doesNotContain("同步接收教室");
    assertThat(names(api.get("/api/v1/schools/" + yushu + "/classrooms?retired=true", coordinator)))
        .contains("同步接收教室");
    assertThat(api.get("/api/v1/classrooms/" + id, coordinator).status()).isEqualTo(200);

    Response audit = api.get("/api/v1/audit?entityId=" + id, coordinator);
    assertThat(
            audit.json().getJsonArray("items").stream()
                .map(o -> ((JsonObject) o).getString("action")))
        .contains("classroom.created", "classroom.updated", "classroom.retired");
  }

  @Test
  @DisplayName("another group's schools and their classrooms are out of a coordinator's reach")
  void otherGroup() {
    assertProblem(
        api.post(
            "/api/v1/schools/" + otherGroupSchool + "/classrooms",
            coordinator,
            new JsonObject().put("name", "x").put("kind", "main").put("capacity", 30)),
        404,
        "school-not-found");
    Response room =
        api.post(
            "/api/v1/schools/" + otherGroupSchool + "/classrooms",
            admin,
            new JsonObject().put("name", "主讲教室").put("kind", "main").put("capacity", 30));
    String id = room.json().getString("id");
    assertProblem(api.get("/api/v1/classrooms/" + id, coordinator), 404, "classroom-not-found");
    assertProblem(
        api.patch(
            "/api/v1/classrooms/" + id,
            coordinator,
            etag(room),
            new JsonObject().put("name", "mine now")),
        404,
        "classroom-not-found");
    assertProblem(
        api.send(api.builder("/api/v1/classrooms/" + id, coordinator).DELETE()),
        404,
        "classroom-not-found");
    // groups and schools are the admins' to change
    String group = api.get("/api/v1/schools/" + yushu, coordinator).json().getString("groupId");
    Response g = api.get("/api/v1/groups/" + group, coordinator);
    assertProblem(
        api.patch(
            "/api/v1/groups/" + group, coordinator, etag(g), new JsonObject().put("nameBo", "x")),
        403,
        "forbidden");
  }

  @Test
  @DisplayName(
      "classes: retire a graduated class, delete only an empty one, move only within the group")
  void classLifecycle() {
    Response made =
        api.post(
            "/api/v1/schools/" + yushu + "/classes",
            coordinator,
            new JsonObject().put("name", "九年级（3）班").put("grade", 9).put("language", "bilingual"));
    assertThat(made.status()).as("%s", made).isEqualTo(201);
    String id = made.json().getString("id");
    assertProblem(
        api.patch(
            "/api/v1/classes/" + id,
            coordinator,
            etag(made),
            new JsonObject().put("schoolId", otherGroupSchool)),
        400,
        "unknown-school");
    String guoluo = schoolId("果洛");
    Response moved =
        api.patch(
            "/api/v1/classes/" + id,
            coordinator,
            etag(made),
            new JsonObject().put("schoolId", guoluo).put("nameBo", "འཛིན་གྲྭ་གསུམ་པ།"));
    assertThat(moved.status()).as("%s", moved).isEqualTo(200);
    assertThat(moved.json().getString("schoolId")).isEqualTo(guoluo);

    // a class with pupils: not deleted, not moved; retired instead
    String pupil =
        api.get("/api/v1/users?q=student.guoluo", admin)
            .json()
            .getJsonArray("items")
            .getJsonObject(0)
            .getString("id");
    assertThat(
            api.post(
                    "/api/v1/classes/" + id + "/members",
                    coordinator,
                    new JsonObject().put("userId", pupil))
                .status())
        .isEqualTo(201);
    assertProblem(
        api.send(api.builder("/api/v1/classes/" + id, coordinator).DELETE()), 409, "in-use");
    assertProblem(
        api.patch(
            "/api/v1/classes/" + id,
            coordinator,
            etag(moved),
            new JsonObject().put("schoolId", yushu)),
        409,
        "class-has-members");
    Response retired =
        api.patch(
            "/api/v1/classes/" + id,
            coordinator,
            etag(moved),
            new JsonObject().put("retired", true));
    assertThat(retired.json().getBoolean("retired")).isTrue();
    assertThat(names(api.get("/api/v1/schools/" + guoluo + "/classes", coordinator)))
        .doesNotContain("九年级（3）班");

    // the pupil moves to another class of their school
    assertThat(
            api.send(
                    api.builder("/api/v1/classes/" + id + "/members/" + pupil, coordinator)
                        .DELETE())
                .status())
        .isEqualTo(204);
    assertProblem(
        api.send(api.builder("/api/v1/classes/" + id + "/members/" + pupil, coordinator).DELETE()),
        404,
        "not-a-member");

    Response empty =
        api.post(
            "/api/v1/schools/" + yushu + "/classes",
            coordinator,
            new JsonObject().put("name", "临时班").put("grade", 7).put("language", "zh"));
    assertThat(
            api.send(
                    api.builder("/api/v1/classes/" + empty.json().getString("id"), coordinator)
                        .DELETE())
                .status())
        .isEqualTo(204);
    assertProblem(
        api.get("/api/v1/classes/" + empty.json().getString("id"), coordinator),
        404,
        "class-not-found");
  }

  @Test
  @DisplayName(
      "admins rename groups and schools; a school stays in its group; bad fields are refused")
  void groupsAndSchools() {
    String group = api.get("/api/v1/schools/" + yushu, admin).json().getString("groupId");
    Response g = api.get("/api/v1/groups/" + group, admin);
    Response renamed =
        api.patch(
            "/api/v1/groups/" + group,
            admin,
            etag(g),
            new JsonObject().put("nameBo", "མཚོ་སྔོན་སློབ་གསོ་ཚོགས་པ།"));
    assertThat(renamed.status()).as("%s", renamed).isEqualTo(200);
    assertThat(renamed.json().getString("nameBo")).isEqualTo("མཚོ་སྔོན་སློབ་གསོ་ཚོགས་པ།");
    Response s = api.get("/api/v1/schools/" + yushu, admin);
    assertProblem(
        api.patch(
            "/api/v1/schools/" + yushu,
            admin,
            etag(s),
            new JsonObject().put("groupId", "6f1c2a66-0000-4000-8000-000000000000")),
        400,
        "other-group");
    assertProblem(
        api.patch(
            "/api/v1/schools/" + yushu, admin, etag(s), new JsonObject().put("colour", "red")),
        400,
        "validation-failed");
    assertProblem(
        api.patch(
            "/api/v1/schools/" + yushu, admin, etag(s), new JsonObject().put("setting", "lunar")),
        400,
        "validation-failed");
    Response fixed =
        api.patch(
            "/api/v1/schools/" + yushu,
            admin,
            etag(s),
            new JsonObject()
                .put("nameBo", "ཡུལ་ཤུལ་སློབ་གྲྭ།")
                .put("region", new JsonObject().put("county", "称多县")));
    assertThat(fixed.status()).as("%s", fixed).isEqualTo(200);
    assertThat(fixed.json().getJsonObject("region").getString("county")).isEqualTo("称多县");
  }

  @Test
  @DisplayName(
      "receiving rooms say how they take part and what uplink they have; main rooms have no reception")
  void receptionAndUplink() {
    String path = "/api/v1/schools/" + yushu + "/classrooms";
    Api.Response listen =
        api.post(
            path,
            coordinator,
            new JsonObject()
                .put("name", "牧区收听室")
                .put("kind", "receiving")
                .put("capacity", 30)
                .put("reception", "listen-only")
                .put("uplinkKbps", 256));
    assertThat(listen.status()).as("%s", listen).isEqualTo(201);
    assertThat(listen.json().getString("reception")).isEqualTo("listen-only");
    assertThat(listen.json().getInteger("uplinkKbps")).isEqualTo(256);
    Api.Response plain =
        api.post(
            path,
            coordinator,
            new JsonObject().put("name", "第二接收室").put("kind", "receiving").put("capacity", 30));
    assertThat(plain.json().getString("reception")).isEqualTo("interactive");
    assertThat(plain.json().getValue("uplinkKbps")).isNull();

    for (JsonObject bad :
        List.of(
            new JsonObject()
                .put("name", "错1")
                .put("kind", "main")
                .put("capacity", 30)
                .put("reception", "interactive"),
            new JsonObject()
                .put("name", "错2")
                .put("kind", "receiving")
                .put("capacity", 30)
                .put("uplinkKbps", 8),
            new JsonObject()
                .put("name", "错3")
                .put("kind", "receiving")
                .put("capacity", 30)
                .put("reception", "shouting"))) {
      assertProblem(api.post(path, coordinator, bad), 400, "validation-failed");
    }
    Api.Response changed =
        api.patch(
            "/api/v1/classrooms/" + listen.json().getString("id"),
            coordinator,
            listen.header("ETag"),
            new JsonObject().put("reception", "interactive").put("uplinkKbps", 1024));
    assertThat(changed.status()).as("%s", changed).isEqualTo(200);
    assertThat(changed.json().getString("reception")).isEqualTo("interactive");
    assertThat(changed.json().getInteger("uplinkKbps")).isEqualTo(1024);
  }

  @Test
  @DisplayName("a group names its lead school, which must be one of its own schools")
  void leadSchool() {
    JsonObject group =
        api.get("/api/v1/groups", admin).items().stream()
            .map(o -> (JsonObject) o)
            .filter(g -> g.getString("name").startsWith("三江源"))
            .findFirst()
            .orElseThrow();
    String xining = schoolId("西宁");
    assertThat(group.getString("leadSchoolId")).as("the demo names Xining").isEqualTo(xining);
    String path = "/api/v1/groups/" + group.getString("id");
    String etag = api.get(path, admin).header("ETag");
    Api.Response foreign =
        api.patch(path, admin, etag, new JsonObject().put("leadSchoolId", otherGroupSchool));
    assertProblem(foreign, 400, "validation-failed");
    assertThat(foreign.json().getJsonArray("errors").getJsonObject(0).getString("code"))
        .isEqualTo("unknown-school");
    Api.Response moved = api.patch(path, admin, etag, new JsonObject().put("leadSchoolId", yushu));
    assertThat(moved.status()).as("%s", moved).isEqualTo(200);
    assertThat(moved.json().getString("leadSchoolId")).isEqualTo(yushu);
    Api.Response back =
        api.patch(path, admin, moved.header("ETag"), new JsonObject().put("leadSchoolId", xining));
    assertThat(back.status()).isEqualTo(200);
  }
}
