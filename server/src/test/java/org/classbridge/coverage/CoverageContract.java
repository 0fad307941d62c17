package org.classbridge.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.classbridge.testing.Problems.assertProblem;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import org.classbridge.app.Classbridge;
import org.classbridge.testing.Api;
import org.classbridge.testing.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Curriculum coverage through the API on the demo group: the national plan, local teaching entered
 * by a school (and imported from CSV), and the coverage matrix set against the timetable's sessions
 * (held once a pupil is marked present); and who may see and change what.
 */
abstract class CoverageContract {
  @TempDir static Path data;
  static Classbridge app;
  static Api api;

  /** Tuesday 2026-12-01, 09:50 in Beijing: the demo term has past and coming sessions. */
  static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-01T01:50:00Z"));

  static final String YUSHU = "玉树州通天河寄宿学校";
  static final String GUOLUO = "果洛州雪莲牧区学校";

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
      app = null;
    }
  }

  static String token(String user) {
    return api.login(user, "classbridge");
  }

  static String termId() {
    return api.get("/api/v1/terms", token("coordinator")).items().getJsonObject(0).getString("id");
  }

  static JsonObject school(String name) {
    return api.get("/api/v1/schools", token("coordinator")).items().stream()
        .map(o -> (JsonObject) o)
        .filter(s -> s.getString("name").equals(name))
        .findFirst()
        .orElseThrow();
  }

  static String classOf(String schoolName, String className) {
    String school = school(schoolName).getString("id");
    return api.get("/api/v1/schools/" + school + "/classes", token("coordinator")).items().stream()
        .map(o -> (JsonObject) o)
        .filter(k -> k.getString("name").equals(className))
        .findFirst()
        .orElseThrow()
        .getString("id");
  }

  static Api.Response put(String path, String token, JsonObject body) {
    return api.sendRaw(
        "PUT", path, token, "application/json", body.encode().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName("the term's plan is the national one until the group's coordinator edits it")
  void plan() {
    String term = termId();
    String path = "/api/v1/terms/" + term + "/curriculum-plan";
    JsonObject national = api.get(path, token("teacher.guoluo")).json();
    assertThat(national.getString("source")).contains("义务教育课程方案");
    assertThat(national.getJsonObject("grades").getJsonObject("8").getInteger("maths"))
        .isEqualTo(5);
    assertThat(national.getJsonObject("tibetanMedium").getJsonObject("tibetan").getInteger("8"))
        .isEqualTo(4);
    assertProblem(api.get(path, token("student.guoluo")), 403, "forbidden");
    assertProblem(put(path, token("teacher.xining"), national), 403, "forbidden");
    JsonObject bad = national.copy();
    bad.getJsonObject("grades").getJsonObject("8").put("maths", 99);
    assertProblem(put(path, token("coordinator"), bad), 400, "bad-plan");
    JsonObject unknown = national.copy();
    unknown.getJsonObject("grades").getJsonObject("8").put("alchemy", 1);
    assertProblem(put(path, token("coordinator"), unknown), 400, "bad-plan");
  }

  @Test
  @DisplayName(
      "a school enters its local teaching; the matrix sets plan, local and sessions against each other, and a marked register makes a session held")
  void matrix() {
    String term = termId();
    String klass = classOf(YUSHU, "八年级（1）班");
    String local = "/api/v1/classes/" + klass + "/local-teaching?termId=" + term;
    JsonObject periods =
        new JsonObject()
            .put(
                "subjects",
                new JsonObject()
                    .put("chinese", 5)
                    .put("maths", 3)
                    .put("tibetan", 4)
                    .put("physical-education", 3));
    Api.Response saved = put(local, token("teacher.yushu"), periods);
    assertThat(saved.status()).as("%s", saved).isEqualTo(200);
    assertThat(
            api.get(local, token("teacher.yushu"))
                .json()
                .getJsonObject("subjects")
                .getInteger("maths"))
        .isEqualTo(3);
    // another school's teacher, a pupil, a bad subject: refused, nothing changed
    assertProblem(put(local, token("teacher.guoluo"), periods), 403, "forbidden");
    assertProblem(put(local, token("student.yushu"), periods), 403, "forbidden");
    assertProblem(
        put(
            local,
            token("teacher.yushu"),
            new JsonObject().put("subjects", new JsonObject().put("alchemy", 2))),
        400,
        "bad-periods");

    String group = school(YUSHU).getString("groupId");
    JsonObject matrix =
        api.get("/api/v1/groups/" + group + "/coverage?termId=" + term, token("coordinator"))
            .json();
    int weeks = matrix.getInteger("teachingWeeks");
    assertThat(weeks).isBetween(15, 22);
    JsonObject yushu =
        matrix.getJsonArray("rows").stream()
            .map(o -> (JsonObject) o)
            .filter(r -> r.getString("school").equals(YUSHU))
            .findFirst()
            .orElseThrow();
    assertThat(matrix.getJsonArray("rows").stream().map(o -> ((JsonObject) o).getString("school")))
        .as("receiving schools only")
        .doesNotContain("西宁市课桥实验中学");

    JsonObject school =
        api.get(
                "/api/v1/schools/" + yushu.getString("schoolId") + "/coverage?termId=" + term,
                token("teacher.yushu"))
            .json();
    JsonObject row =
        school.getJsonArray("rows").stream()
            .map(o -> (JsonObject) o)
            .filter(r -> r.getString("classId").equals(klass))
            .findFirst()
            .orElseThrow();
    JsonObject maths = row.getJsonObject("cells").getJsonObject("maths");
    assertThat(maths.getInteger("required")).isEqualTo(5 * weeks);
    assertThat(maths.getInteger("local")).isEqualTo(3 * weeks);
    int sessions =
        maths.getInteger("held") + maths.getInteger("notHeld") + maths.getInteger("upcoming");
    assertThat(sessions).as("the demo's weekly maths series reaches this class").isPositive();
    assertThat(maths.getInteger("gap"))
        .isEqualTo(
            Math.max(
                0,
                5 * weeks - 3 * weeks - maths.getInteger("held") - maths.getInteger("upcoming")));
    JsonObject music = row.getJsonObject("cells").getJsonObject("music");
    assertThat(music.getString("state")).isEqualTo("gap");
    assertThat(music.getInteger("gap")).isEqualTo(weeks);

    // the register of last Thursday's maths is marked: that session is now held for the class
    String sessionId = session("2026-11-26", "maths");
    JsonObject roster =
        api.get("/api/v1/sessions/" + sessionId + "/attendance", token("teacher.yushu")).json();
    String pupil =
        roster.getJsonArray("classes").stream()
            .map(o -> (JsonObject) o)
            .filter(k -> k.getString("classId").equals(klass))
            .findFirst()
            .orElseThrow()
            .getJsonArray("students")
            .getJsonObject(0)
            .getString("id");
    Api.Response marked =
        put(
            "/api/v1/sessions/" + sessionId + "/attendance",
            token("teacher.yushu"),
            new JsonObject().put("classId", klass).put("present", new JsonArray().add(pupil)));
    assertThat(marked.status()).as("%s", marked).isEqualTo(200);
    JsonObject after =
        api
            .get(
                "/api/v1/schools/" + yushu.getString("schoolId") + "/coverage?termId=" + term,
                token("coordinator"))
            .json()
            .getJsonArray("rows")
            .stream()
            .map(o -> (JsonObject) o)
            .filter(r -> r.getString("classId").equals(klass))
            .findFirst()
            .orElseThrow()
            .getJsonObject("cells")
            .getJsonObject("maths");
    assertThat(after.getInteger("held")).isEqualTo(maths.getInteger("held") + 1);
    assertThat(after.getInteger("notHeld")).isEqualTo(maths.getInteger("notHeld") - 1);
    assertThat(after.getInteger("gap")).isEqualTo(Math.max(0, maths.getInteger("gap") - 1));

    // as CSV, for a spreadsheet
    Api.Response csv =
        api.get(
            "/api/v1/schools/"
                + yushu.getString("schoolId")
                + "/coverage?termId="
                + term
                + "&format=csv",
            token("coordinator"));
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    assertThat(csv.body())
        .startsWith(
            "\uFEFFclass,subject,required,local,held,not held,upcoming,cancelled,gap,state");
    assertThat(csv.body()).contains("八年级（1）班,maths," + (5 * weeks) + "," + (3 * weeks) + ",");
    assertProblem(
        api.get(
            "/api/v1/schools/"
                + yushu.getString("schoolId")
                + "/coverage?termId="
                + term
                + "&format=xls",
            token("coordinator")),
        400,
        "bad-format");
  }

  @Test
  @DisplayName(
      "who sees what: coordinators their group, staff their school, teachers their classes, pupils nothing")
  void access() {
    String term = termId();
    String group = school(YUSHU).getString("groupId");
    String guoluo = school(GUOLUO).getString("id");
    String coverage = "/api/v1/schools/" + guoluo + "/coverage?termId=" + term;
    assertProblem(
        api.get("/api/v1/groups/" + group + "/coverage?termId=" + term, token("teacher.guoluo")),
        403,
        "forbidden");
    assertProblem(
        api.get("/api/v1/groups/" + group + "/coverage?termId=" + term, token("student.guoluo")),
        403,
        "forbidden");
    assertProblem(api.get(coverage, token("teacher.yushu")), 403, "forbidden");
    assertProblem(api.get(coverage, token("student.guoluo")), 403, "forbidden");
    assertProblem(
        api.get("/api/v1/groups/" + group + "/coverage", token("coordinator")),
        400,
        "validation-failed");
    assertThat(api.get(coverage, token("coordinator")).status()).isEqualTo(200);
    assertThat(api.get(coverage, token("admin")).status()).isEqualTo(200);
    // a teacher of the school sees the classes they belong to, not the others
    JsonObject mine = api.get(coverage, token("teacher.guoluo")).json();
    JsonObject all = api.get(coverage, token("coordinator")).json();
    assertThat(mine.getJsonArray("rows").size())
        .isLessThanOrEqualTo(all.getJsonArray("rows").size());
    String myClasses = api.get("/api/v1/me/dashboard", token("teacher.guoluo")).body();
    mine.getJsonArray("rows")
        .forEach(r -> assertThat(myClasses).contains(((JsonObject) r).getString("classId")));
  }

  @Test
  @DisplayName("local teaching from CSV: all rows checked first, nothing saved when one is wrong")
  void csvImport() {
    String term = termId();
    String guoluo = school(GUOLUO).getString("id");
    String klass =
        api.get("/api/v1/schools/" + guoluo + "/classes", token("coordinator"))
            .items()
            .getJsonObject(0)
            .getString("name");
    String path = "/api/v1/schools/" + guoluo + "/local-teaching?termId=" + term;
    String bad =
        "class,subject,periods\n" + klass + ",chinese,6\n" + klass + ",alchemy,2\n无此班,maths,4\n";
    Api.Response refused =
        api.sendRaw(
            "POST",
            path,
            token("teacher.guoluo"),
            "text/csv",
            bad.getBytes(StandardCharsets.UTF_8));
    assertProblem(refused, 400, "validation-failed");
    assertThat(refused.json().getJsonArray("errors")).hasSize(2);
    String good = "class,subject,periods\n" + klass + ",chinese,6\n" + klass + ",maths,5\n";
    Api.Response ok =
        api.sendRaw(
            "POST",
            path,
            token("teacher.guoluo"),
            "text/csv",
            good.getBytes(StandardCharsets.UTF_8));
    assertThat(ok.status()).as("%s", ok).isEqualTo(200);
    assertThat(ok.json().getInteger("rows")).isEqualTo(2);
    assertProblem(
        api.sendRaw(
            "POST",
            path,
            token("teacher.yushu"),
            "text/csv",
            good.getBytes(StandardCharsets.UTF_8)),
        403,
        "forbidden");
  }

  static String session(String day, String subject) {
    String coordinator = token("coordinator");
    JsonArray items =
        api.get("/api/v1/me/timetable?from=" + day + "&to=" + day, token("teacher.xining")).items();
    return items.stream()
        .map(o -> (JsonObject) o)
        .filter(s -> s.getString("subject").equals(subject))
        .findFirst()
        .orElseThrow(
            () -> new AssertionError("no " + subject + " on " + day + " for " + coordinator))
        .getString("id");
  }
}
