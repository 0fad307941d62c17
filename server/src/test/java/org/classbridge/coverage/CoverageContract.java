package org.classbridge.coverage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.classbridge.testing.Problems.assertProblem;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
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

  /** The demo term (a test adds the term before it). */
  static String termId() {
    return api.get("/api/v1/terms", token("coordinator")).items().stream()
        .map(o -> (JsonObject) o)
        .filter(t -> t.getString("name").equals("2026—2027学年第一学期"))
        .findFirst()
        .orElseThrow()
        .getString("id");
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

  /**
   * A class's cells (subject → numbers) in its school's coverage matrix, as {@code token} sees it.
   */
  static JsonObject classCells(String schoolId, String termId, String classId, String token) {
    return api
        .get("/api/v1/schools/" + schoolId + "/coverage?termId=" + termId, token)
        .json()
        .getJsonArray("rows")
        .stream()
        .map(o -> (JsonObject) o)
        .filter(r -> r.getString("classId").equals(classId))
        .findFirst()
        .orElseThrow()
        .getJsonObject("cells");
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

    JsonObject row = classCells(yushu.getString("schoolId"), term, klass, token("teacher.yushu"));
    JsonObject maths = row.getJsonObject("maths");
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
    JsonObject music = row.getJsonObject("music");
    assertThat(music.getString("state")).isEqualTo("gap");
    assertThat(music.getInteger("gap")).isEqualTo(weeks);

    // the register of last Thursday's maths is marked: that session is now held for the class.
    // (The demo's registers may have marked it already; first everyone is marked absent.)
    String sessionId = session("2026-11-26", "maths");
    Api.Response absent =
        put(
            "/api/v1/sessions/" + sessionId + "/attendance",
            token("teacher.yushu"),
            new JsonObject().put("classId", klass).put("present", new JsonArray()));
    assertThat(absent.status()).as("%s", absent).isEqualTo(200);
    maths =
        classCells(yushu.getString("schoolId"), term, klass, token("coordinator"))
            .getJsonObject("maths");
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
        classCells(yushu.getString("schoolId"), term, klass, token("coordinator"))
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
  @DisplayName(
      "a class's coverage week by week adds up to the term's cell; a teacher sees only their own classes'")
  void weekly() {
    String term = termId();
    String yushu = school(YUSHU).getString("id");
    String klass = classOf(YUSHU, "八年级（1）班");
    String path = "/api/v1/classes/" + klass + "/coverage?termId=" + term;
    JsonObject byWeek = api.get(path, token("coordinator")).json();
    JsonObject cell = classCells(yushu, term, klass, token("coordinator"));
    assertThat(byWeek.getJsonObject("total")).isEqualTo(cell);
    var weeks = byWeek.getJsonArray("weeks").stream().map(o -> (JsonObject) o).toList();
    assertThat((int) weeks.stream().filter(w -> w.getBoolean("teaching")).count())
        .isEqualTo(byWeek.getInteger("teachingWeeks"));
    assertThat(weeks.getFirst().getString("week")).isLessThanOrEqualTo("2026-09-07");
    for (String subject : List.of("maths", "music", "chinese")) {
      JsonObject total = cell.getJsonObject(subject);
      int[] sums = new int[6];
      for (JsonObject w : weeks) {
        JsonObject c = w.getJsonObject("cells").getJsonObject(subject);
        if (c == null) {
          continue;
        }
        assertThat(java.time.LocalDate.parse(w.getString("week")).getDayOfWeek())
            .isEqualTo(java.time.DayOfWeek.MONDAY);
        assertThat(c.getInteger("gap"))
            .as("%s in the week of %s", subject, w.getString("week"))
            .isEqualTo(
                Math.max(
                    0,
                    c.getInteger("required")
                        - c.getInteger("local")
                        - c.getInteger("held")
                        - c.getInteger("upcoming")));
        String[] keys = {"required", "local", "held", "notHeld", "upcoming", "cancelled"};
        for (int i = 0; i < keys.length; i++) {
          sums[i] += c.getInteger(keys[i]);
        }
      }
      String[] keys = {"required", "local", "held", "notHeld", "upcoming", "cancelled"};
      for (int i = 0; i < keys.length; i++) {
        assertThat(sums[i])
            .as("%s %s over the weeks", subject, keys[i])
            .isEqualTo(total.getInteger(keys[i]));
      }
      int weeklyGaps =
          weeks.stream()
              .map(w -> w.getJsonObject("cells").getJsonObject(subject))
              .filter(java.util.Objects::nonNull)
              .mapToInt(c -> c.getInteger("gap"))
              .sum();
      assertThat(weeklyGaps).isGreaterThanOrEqualTo(total.getInteger("gap"));
    }
    // the demo's weekly maths series: some week has a session for this class
    assertThat(
            weeks.stream()
                .map(w -> w.getJsonObject("cells").getJsonObject("maths"))
                .filter(java.util.Objects::nonNull)
                .anyMatch(
                    c ->
                        c.getInteger("held") + c.getInteger("notHeld") + c.getInteger("upcoming")
                            > 0))
        .isTrue();
    Api.Response csv = api.get(path + "&format=csv", token("coordinator"));
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.body())
        .startsWith("\uFEFFweek,subject,required,local,held,not held,upcoming,cancelled,gap,state");

    // the class's teacher sees it; a teacher of another school, a pupil and a stranger class do not
    assertThat(api.get(path, token("teacher.yushu")).status()).isEqualTo(200);
    assertProblem(api.get(path, token("teacher.guoluo")), 403, "forbidden");
    assertProblem(api.get(path, token("student.yushu")), 403, "forbidden");
    assertProblem(
        api.get(
            "/api/v1/classes/" + java.util.UUID.randomUUID() + "/coverage?termId=" + term,
            token("coordinator")),
        404,
        "class-not-found");
    // a class of the same school that the teacher does not belong to: refused to them only (in
    // the main school, which the group's matrix leaves out, so the other tests' numbers stay)
    String xining = school("西宁市课桥实验中学").getString("id");
    Api.Response other =
        api.post(
            "/api/v1/schools/" + xining + "/classes",
            token("admin"),
            new JsonObject().put("name", "九年级（9）班").put("grade", 9).put("language", "zh"));
    assertThat(other.status()).as("%s", other).isEqualTo(201);
    String otherPath =
        "/api/v1/classes/" + other.json().getString("id") + "/coverage?termId=" + term;
    assertThat(
            api.get(
                    otherPath.replace(
                        other.json().getString("id"), classOf("西宁市课桥实验中学", "八年级（1）班")),
                    token("teacher.xining"))
                .status())
        .isEqualTo(200);
    assertProblem(api.get(otherPath, token("teacher.xining")), 403, "forbidden");
    assertThat(api.get(otherPath, token("coordinator")).status()).isEqualTo(200);
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

  static JsonObject cell(String schoolId, String term, String classId, String subject) {
    return api
        .get("/api/v1/schools/" + schoolId + "/coverage?termId=" + term, token("coordinator"))
        .json()
        .getJsonArray("rows")
        .stream()
        .map(o -> (JsonObject) o)
        .filter(r -> r.getString("classId").equals(classId))
        .findFirst()
        .orElseThrow()
        .getJsonObject("cells")
        .getJsonObject(subject);
  }

  @Test
  @DisplayName(
      "close this gap: ranked weekly slots with a free teacher, classrooms and shared bell times; booking one through the series path closes that much of the gap, and never twice")
  void closeGap() {
    String term = termId();
    String guoluo = school(GUOLUO).getString("id");
    String klass = classOf(GUOLUO, "八年级（1）班");
    String path = "/api/v1/classes/" + klass + "/gap-proposals?termId=" + term + "&subject=";
    JsonObject before = cell(guoluo, term, klass, "information-technology");
    assertThat(before.getString("state"))
        .as("the pastoral school has no IT teacher")
        .isEqualTo("gap");

    JsonObject answer = api.get(path + "information-technology", token("coordinator")).json();
    assertThat(answer.getJsonObject("cell")).isEqualTo(before);
    assertThat(answer.getString("from")).isEqualTo("2026-12-02");
    int weeksLeft = answer.getInteger("weeksLeft");
    assertThat(weeksLeft).isBetween(6, 9);
    assertThat(answer.getInteger("periodsPerWeekToClose"))
        .isEqualTo((before.getInteger("gap") + weeksLeft - 1) / weeksLeft);
    JsonArray proposals = answer.getJsonArray("proposals");
    assertThat(proposals).isNotEmpty();
    JsonObject best = proposals.getJsonObject(0);
    assertThat(best.getString("teacher")).contains("王明");
    assertThat(best.getInteger("freeWeeks")).isPositive();
    // ranked: free weeks never grow down the list
    for (int i = 1; i < proposals.size(); i++) {
      assertThat(proposals.getJsonObject(i).getInteger("freeWeeks"))
          .isLessThanOrEqualTo(proposals.getJsonObject(i - 1).getInteger("freeWeeks"));
    }
    // both schools are in class: the receiving school's period covers most of the main one
    JsonObject main = best.getJsonObject("mainPeriod");
    JsonObject there = best.getJsonObject("receivingPeriod");
    assertThat(there.getInteger("weekday")).isEqualTo(main.getInteger("weekday"));
    assertThat(there.getString("start").compareTo(main.getString("end"))).isNegative();
    assertThat(main.getString("start").compareTo(there.getString("end"))).isNegative();

    // who may ask: the group's coordinators (and admins); a mistake is a clear 400
    assertProblem(
        api.get(path + "information-technology", token("teacher.guoluo")), 403, "forbidden");
    assertProblem(
        api.get(path + "information-technology", token("student.guoluo")), 403, "forbidden");
    assertProblem(api.get(path + "alchemy", token("coordinator")), 400, "validation-failed");
    assertProblem(
        api.get("/api/v1/classes/" + klass + "/gap-proposals?subject=music", token("coordinator")),
        400,
        "validation-failed");
    assertThat(api.get(path + "information-technology", token("admin")).status()).isEqualTo(200);

    // booked through the one booking path: the free weeks become upcoming sessions
    JsonObject series = best.getJsonObject("series");
    Api.Response booked = api.post("/api/v1/series", token("coordinator"), series);
    assertThat(booked.status()).as("%s", booked).isIn(200, 201);
    int n = booked.json().getInteger("bookedCount");
    assertThat(n).isEqualTo(best.getInteger("freeWeeks"));
    JsonObject after = cell(guoluo, term, klass, "information-technology");
    assertThat(after.getInteger("upcoming")).isEqualTo(before.getInteger("upcoming") + n);
    assertThat(after.getInteger("gap")).isEqualTo(Math.max(0, before.getInteger("gap") - n));

    // the same slot again: every week is taken now, nothing is booked twice
    Api.Response again = api.post("/api/v1/series", token("coordinator"), series);
    assertThat(again.status()).as("%s", again).isIn(200, 201, 409);
    if (again.status() != 409) {
      assertThat(again.json().getInteger("bookedCount")).isZero();
    }
    JsonArray next =
        api.get(path + "information-technology", token("coordinator"))
            .json()
            .getJsonArray("proposals");
    next.forEach(
        o -> {
          JsonObject p = (JsonObject) o;
          boolean sameSlot =
              p.getInteger("weekday").equals(best.getInteger("weekday"))
                  && p.getJsonObject("mainPeriod")
                      .getInteger("period")
                      .equals(main.getInteger("period"));
          if (sameSlot) {
            assertThat(p.getInteger("freeWeeks")).as("the booked slot is busy now").isZero();
          }
        });
  }

  @Test
  @DisplayName(
      "teaching subjects: the teacher or the group's coordinators say them; others are refused")
  void teachingSubjects() {
    String xining = userId("teacher.xining");
    String guoluo = userId("teacher.guoluo");
    String path = "/api/v1/users/" + guoluo + "/teaching-subjects";
    assertThat(
            api.get("/api/v1/users/" + xining + "/teaching-subjects", token("teacher.guoluo"))
                .json()
                .getJsonArray("subjects"))
        .as("the demo's teacher of Xining")
        .contains("information-technology", "maths");
    JsonObject music =
        new JsonObject().put("subjects", new JsonArray().add("music").add("tibetan"));
    Api.Response own = put(path, token("teacher.guoluo"), music);
    assertThat(own.status()).as("%s", own).isEqualTo(200);
    assertThat(api.get(path, token("teacher.yushu")).json().getJsonArray("subjects"))
        .containsExactlyInAnyOrder("music", "tibetan");
    assertProblem(put(path, token("teacher.yushu"), music), 403, "forbidden");
    assertProblem(put(path, token("student.guoluo"), music), 403, "forbidden");
    assertProblem(api.get(path, token("student.guoluo")), 403, "forbidden");
    assertProblem(
        put(
            path,
            token("coordinator"),
            new JsonObject().put("subjects", new JsonArray().add("alchemy"))),
        400,
        "bad-subjects");
    assertProblem(
        put(path, token("coordinator"), new JsonObject().put("subjects", "music")),
        400,
        "bad-subjects");
    assertProblem(
        put(path, token("coordinator"), music.copy().put("extra", 1)), 400, "unknown-field");
    assertProblem(
        put(
            "/api/v1/users/" + userId("student.guoluo") + "/teaching-subjects",
            token("coordinator"),
            music),
        400,
        "not-a-teacher");
    Api.Response byCoordinator =
        put(
            path,
            token("coordinator"),
            new JsonObject().put("subjects", new JsonArray().add("music")));
    assertThat(byCoordinator.status()).isEqualTo(200);
    assertThat(api.get(path, token("admin")).json().getJsonArray("subjects"))
        .containsExactly("music");
  }

  static String userId(String username) {
    return api.get("/api/v1/me", token(username)).json().getJsonObject("user").getString("id");
  }

  @Test
  @DisplayName(
      "evidence: sessions held and not held, attendance, live minutes, pupils' playback, the trend against last term, CSV, and who sees it")
  void evidence() {
    String term = termId();
    String group = school(YUSHU).getString("groupId");
    String path = "/api/v1/groups/" + group + "/evidence?termId=" + term;
    JsonObject e = api.get(path, token("coordinator")).json();
    JsonObject s = e.getJsonObject("sessions");
    assertThat(s.getInteger("held")).as("the demo's registers").isPositive();
    assertThat(s.getInteger("booked"))
        .isEqualTo(s.getInteger("held") + s.getInteger("notHeld") + s.getInteger("upcoming"));
    assertThat(s.getDouble("classroomAttendance"))
        .isCloseTo(
            (double) s.getInteger("held") / (s.getInteger("held") + s.getInteger("notHeld")),
            org.assertj.core.data.Offset.offset(0.001));
    assertThat(s.getDouble("pupilAttendance"))
        .isCloseTo(
            (double) s.getInteger("pupilsPresent") / s.getInteger("pupilsMarked"),
            org.assertj.core.data.Offset.offset(0.001));
    // the schools' rows add up to the total; the subjects' too
    int held = 0;
    long minutes = 0;
    for (Object o : e.getJsonArray("schools")) {
      held += ((JsonObject) o).getInteger("held");
    }
    for (Object o : e.getJsonArray("subjects")) {
      minutes += ((JsonObject) o).getLong("liveMinutes");
    }
    assertThat(held).isEqualTo(s.getInteger("held"));
    assertThat(minutes).isBetween(s.getLong("liveMinutes") - 3, s.getLong("liveMinutes") + 3);
    assertThat(s.getLong("liveMinutes"))
        .as("registers alone count their booked 45 minutes")
        .isPositive();
    assertThat(e.getValue("previous")).isNull();

    // a pupil of Yushu watches two minutes of a lesson: the school's playback grows by two
    JsonObject playback = schoolRow(e, YUSHU).getJsonObject("playback");
    assertThat(playback.getInteger("pupilsEnrolled")).isPositive();
    String yushuEvidence =
        "/api/v1/schools/" + school(YUSHU).getString("id") + "/evidence?termId=" + term;
    JsonObject classPlayback =
        classRow(api.get(yushuEvidence, token("coordinator")).json(), "八年级（1）班")
            .getJsonObject("playback");
    assertThat(classPlayback.getInteger("pupilsEnrolled")).isPositive();
    String pupil = token("student.yushu");
    String lesson = api.get("/api/v1/resources", pupil).items().getJsonObject(0).getString("id");
    Api.Response watched =
        put(
            "/api/v1/resources/" + lesson + "/progress",
            pupil,
            new JsonObject().put("positionSeconds", 130).put("watchedSeconds", 120));
    assertThat(watched.status()).as("%s", watched).isEqualTo(200);
    // a teacher's viewing is not a pupil's
    put(
        "/api/v1/resources/" + lesson + "/progress",
        token("teacher.yushu"),
        new JsonObject().put("positionSeconds", 130).put("watchedSeconds", 600));
    JsonObject now =
        schoolRow(api.get(path, token("coordinator")).json(), YUSHU).getJsonObject("playback");
    long grew = now.getLong("minutesWatched") - playback.getLong("minutesWatched");
    assertThat(grew).isBetween(1L, 3L);
    // and the pupil's class's, found through the pseudonym the playback is kept under
    JsonObject classNow =
        classRow(api.get(yushuEvidence, token("coordinator")).json(), "八年级（1）班")
            .getJsonObject("playback");
    assertThat(classNow.getLong("minutesWatched") - classPlayback.getLong("minutesWatched"))
        .isBetween(1L, 3L);
    assertThat(classNow.getInteger("pupilsWatching")).isPositive();

    // last term appears: the figures are set against it
    JsonObject previous =
        new JsonObject()
            .put("groupId", group)
            .put("name", "2025—2026学年第二学期")
            .put("firstDay", "2026-02-24")
            .put("lastDay", "2026-07-10");
    Api.Response made = api.post("/api/v1/terms", token("coordinator"), previous);
    assertThat(made.status()).as("%s", made).isIn(200, 201);
    JsonObject withTrend = api.get(path, token("coordinator")).json();
    assertThat(withTrend.getJsonObject("previous").getString("term")).isEqualTo("2025—2026学年第二学期");
    assertThat(withTrend.getJsonObject("trend").getInteger("held"))
        .isEqualTo(withTrend.getJsonObject("sessions").getInteger("held"));

    // CSV per table; a table that does not exist is a clear 400
    Api.Response weeks = api.get(path + "&format=csv&table=weeks", token("coordinator"));
    assertThat(weeks.status()).isEqualTo(200);
    assertThat(weeks.body()).startsWith("\uFEFFweek,booked,held,not held,upcoming,cancelled,");
    assertThat(weeks.body()).contains("2026-09-07,");
    Api.Response schools = api.get(path + "&format=csv", token("coordinator"));
    assertThat(schools.body()).contains(YUSHU + ",");
    assertProblem(
        api.get(path + "&format=csv&table=pupils", token("coordinator")), 400, "bad-table");
    Api.Response summary = api.get(path + "&format=csv&table=summary", token("coordinator"));
    assertThat(summary.status()).isEqualTo(200);
    assertThat(summary.body()).startsWith("\uFEFFfigure,this term,previous term,change");
    assertThat(summary.body())
        .contains(
            "held,"
                + withTrend.getJsonObject("sessions").getInteger("held")
                + ","
                + withTrend.getJsonObject("previous").getJsonObject("sessions").getInteger("held")
                + ","
                + withTrend.getJsonObject("trend").getInteger("held"));
    assertThat(summary.body()).contains("minutesPerPupil,");

    // who sees it
    String guoluo = school(GUOLUO).getString("id");
    String schoolPath = "/api/v1/schools/" + guoluo + "/evidence?termId=" + term;
    assertProblem(api.get(path, token("teacher.guoluo")), 403, "forbidden");
    assertProblem(api.get(path, token("student.guoluo")), 403, "forbidden");
    assertProblem(api.get(schoolPath, token("teacher.yushu")), 403, "forbidden");
    assertProblem(api.get(schoolPath, token("student.guoluo")), 403, "forbidden");
    assertThat(api.get(path, token("admin")).status()).isEqualTo(200);
    JsonObject mine = api.get(schoolPath, token("teacher.guoluo")).json();
    assertThat(mine.getValue("playback")).as("the school's playback is not a teacher's").isNull();
    String myClasses = api.get("/api/v1/me/dashboard", token("teacher.guoluo")).body();
    mine.getJsonArray("classes")
        .forEach(r -> assertThat(myClasses).contains(((JsonObject) r).getString("classId")));
    JsonObject full = api.get(schoolPath, token("coordinator")).json();
    assertThat(full.getJsonObject("playback")).isNotNull();
    // each class's live minutes per subject add up to the class's row
    for (Object o : full.getJsonArray("classes")) {
      JsonObject k = (JsonObject) o;
      int classHeld = 0;
      long classMinutes = 0;
      for (Object c : k.getJsonArray("subjects")) {
        classHeld += ((JsonObject) c).getInteger("held");
        classMinutes += ((JsonObject) c).getLong("liveMinutes");
      }
      assertThat(classHeld).isEqualTo(k.getInteger("held"));
      assertThat(classMinutes)
          .isBetween(k.getLong("liveMinutes") - 3, k.getLong("liveMinutes") + 3);
    }
    assertThat(
            full.getJsonArray("classes").stream()
                .map(o -> (JsonObject) o)
                .flatMap(k -> k.getJsonArray("subjects").stream())
                .mapToLong(c -> ((JsonObject) c).getLong("liveMinutes"))
                .sum())
        .as("the pastoral school received live maths")
        .isPositive();
    Api.Response perSubject =
        api.get(schoolPath + "&format=csv&table=class-subjects", token("coordinator"));
    assertThat(perSubject.status()).isEqualTo(200);
    assertThat(perSubject.body()).startsWith("\uFEFFclass,subject,booked,held,");
    assertThat(perSubject.body()).contains("八年级（1）班,maths,");
    assertThat(full.getJsonArray("classes").size())
        .isGreaterThanOrEqualTo(mine.getJsonArray("classes").size());
  }

  static JsonObject classRow(JsonObject evidence, String name) {
    return evidence.getJsonArray("classes").stream()
        .map(o -> (JsonObject) o)
        .filter(r -> r.getString("class").equals(name))
        .findFirst()
        .orElseThrow();
  }

  static JsonObject schoolRow(JsonObject evidence, String name) {
    return evidence.getJsonArray("schools").stream()
        .map(o -> (JsonObject) o)
        .filter(r -> r.getString("school").equals(name))
        .findFirst()
        .orElseThrow();
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
