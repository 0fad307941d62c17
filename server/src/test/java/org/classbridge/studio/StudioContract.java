package org.classbridge.studio;

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
 * Studios and co-preparation through the API on the demo group: a coordinator creates a studio, its
 * lead adds members, two teachers write one plan in turns (the stale save refused), comment by
 * paragraph, and the final version becomes a published lesson plan; and who is refused.
 */
abstract class StudioContract {
  @TempDir static Path data;
  static Classbridge app;
  static Api api;

  static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-01T01:50:00Z"));

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

  static String userId(String username) {
    return api.get("/api/v1/me", token(username)).json().getJsonObject("user").getString("id");
  }

  static String groupId() {
    return api.get("/api/v1/me/dashboard", token("coordinator"))
        .json()
        .getJsonObject("school")
        .getJsonObject("group")
        .getString("id");
  }

  static JsonObject studio(String name) {
    Api.Response made =
        api.post(
            "/api/v1/studios",
            token("coordinator"),
            new JsonObject()
                .put("name", name)
                .put("subject", "maths")
                .put("stage", "junior")
                .put("leadId", userId("teacher.xining"))
                .put("termPlan", "第一周：集体备课《勾股定理》\n第三周：听课"));
    assertThat(made.status()).as("%s", made).isEqualTo(201);
    return made.json();
  }

  static Api.Response send(String method, String path, String token, JsonObject body) {
    return api.sendRaw(
        method, path, token, "application/json", body.encode().getBytes(StandardCharsets.UTF_8));
  }

  @Test
  @DisplayName(
      "a coordinator creates a studio, its lead adds members; non-members do not see it, pupils are refused")
  void studiosAndMembers() {
    JsonObject s = studio("王明初中数学名师工作室");
    String id = s.getString("id");
    assertThat(s.getJsonObject("lead").getString("username")).isEqualTo("teacher.xining");
    assertThat(s.getJsonObject("subject").getString("id")).isEqualTo("maths");
    // only coordinators create; the name is the group's own; a lead must be a teacher
    JsonObject again =
        new JsonObject()
            .put("name", "王明初中数学名师工作室")
            .put("subject", "maths")
            .put("stage", "junior")
            .put("leadId", userId("teacher.xining"));
    assertProblem(api.post("/api/v1/studios", token("coordinator"), again), 409, "studio-exists");
    assertProblem(
        api.post("/api/v1/studios", token("teacher.xining"), again.copy().put("name", "x")),
        403,
        "forbidden");
    assertProblem(
        api.post(
            "/api/v1/studios",
            token("coordinator"),
            again.copy().put("name", "y").put("leadId", userId("student.yushu"))),
        400,
        "validation-failed");
    assertProblem(
        api.post(
            "/api/v1/studios",
            token("coordinator"),
            again.copy().put("name", "z").put("stage", "x")),
        400,
        "validation-failed");
    assertProblem(
        api.post(
            "/api/v1/studios",
            token("coordinator"),
            again.copy().put("name", "r").put("rubric", new JsonArray().add("alchemy"))),
        400,
        "validation-failed");
    // a studio chooses its rubric for observation and critique
    Api.Response bilingual =
        api.post(
            "/api/v1/studios",
            token("coordinator"),
            again
                .copy()
                .put("name", "双语数学教研组")
                .put("rubric", new JsonArray().add("goals").add("bilingual")));
    assertThat(bilingual.status()).as("%s", bilingual).isEqualTo(201);
    assertThat(bilingual.json().getJsonArray("rubric")).containsExactly("goals", "bilingual");
    assertThat(s.getJsonArray("rubric")).hasSize(5);

    // the lead adds a rural teacher by username; a pupil cannot be added; nobody twice
    String members = "/api/v1/studios/" + id + "/members";
    Api.Response added =
        api.post(
            members, token("teacher.xining"), new JsonObject().put("username", "teacher.guoluo"));
    assertThat(added.status()).as("%s", added).isEqualTo(200);
    assertThat(added.json().getJsonArray("members").getJsonObject(0).getString("username"))
        .isEqualTo("teacher.guoluo");
    assertProblem(
        api.post(
            members, token("teacher.xining"), new JsonObject().put("username", "teacher.guoluo")),
        409,
        "already-member");
    assertProblem(
        api.post(
            members, token("teacher.xining"), new JsonObject().put("username", "student.guoluo")),
        400,
        "not-a-teacher");
    // a member may not add others
    assertProblem(
        api.post(
            members, token("teacher.guoluo"), new JsonObject().put("username", "teacher.haixi")),
        403,
        "forbidden");

    // who sees it: the member does (and lists it), a non-member gets a 404, a pupil a 403
    assertThat(api.get("/api/v1/studios/" + id, token("teacher.guoluo")).status()).isEqualTo(200);
    assertThat(api.get("/api/v1/studios", token("teacher.guoluo")).json().getJsonArray("items"))
        .anyMatch(o -> ((JsonObject) o).getString("id").equals(id));
    assertProblem(
        api.get("/api/v1/studios/" + id, token("teacher.haixi")), 404, "studio-not-found");
    assertThat(api.get("/api/v1/studios", token("teacher.haixi")).json().getJsonArray("items"))
        .noneMatch(o -> ((JsonObject) o).getString("id").equals(id));
    assertProblem(api.get("/api/v1/studios/" + id, token("student.guoluo")), 403, "forbidden");
    assertProblem(api.get("/api/v1/studios", token("student.guoluo")), 403, "forbidden");
    assertThat(api.get("/api/v1/studios/" + id, token("admin")).status()).isEqualTo(200);

    // the term plan: the lead edits on the version read; a stale version is refused
    String plan = "/api/v1/studios/" + id + "/term-plan";
    int v = s.getInteger("version");
    Api.Response planned =
        send(
            "PUT",
            plan,
            token("teacher.xining"),
            new JsonObject().put("termPlan", "新计划").put("version", v));
    assertThat(planned.status()).as("%s", planned).isEqualTo(200);
    assertProblem(
        send(
            "PUT",
            plan,
            token("teacher.xining"),
            new JsonObject().put("termPlan", "旧").put("version", v)),
        409,
        "edit-conflict");
    assertProblem(
        send(
            "PUT",
            plan,
            token("teacher.guoluo"),
            new JsonObject().put("termPlan", "x").put("version", v + 1)),
        403,
        "forbidden");

    // a member leaves
    Api.Response left =
        send(
            "DELETE",
            members + "/" + userId("teacher.guoluo"),
            token("teacher.guoluo"),
            new JsonObject());
    assertThat(left.status()).as("%s", left).isEqualTo(200);
    assertProblem(
        api.get("/api/v1/studios/" + id, token("teacher.guoluo")), 404, "studio-not-found");
  }

  @Test
  @DisplayName(
      "co-preparation: two teachers save in turns (a stale save is refused), comment by paragraph, and the final version is published as a lesson plan")
  void coPreparation() {
    String id = studio("集体备课 · 勾股定理").getString("id");
    api.post(
        "/api/v1/studios/" + id + "/members",
        token("teacher.xining"),
        new JsonObject().put("username", "teacher.yushu"));
    String lead = token("teacher.xining");
    String member = token("teacher.yushu");
    JsonObject content =
        new JsonObject()
            .put(
                "goals",
                new JsonObject()
                    .put("zh", "理解勾股定理的内容\n会用勾股定理解决简单问题")
                    .put("bo", "ཟུར་གསུམ་གྲུ་བཞིའི་རྣམ་གཞག་རྟོགས་པ།"))
            .put("keyPoints", new JsonObject().put("zh", "勾股定理的证明"));
    Api.Response made =
        api.post(
            "/api/v1/studios/" + id + "/lesson-plans",
            lead,
            new JsonObject()
                .put("title", "勾股定理（第一课时）")
                .put("titleBo", "ཟུར་གསུམ་གྲུ་བཞིའི་རྣམ་གཞག")
                .put("grade", 8)
                .put("content", content));
    assertThat(made.status()).as("%s", made).isEqualTo(201);
    String plan = made.json().getString("id");
    assertThat(made.json().getInteger("version")).isEqualTo(1);
    assertThat(made.json().getBoolean("mayEdit")).isTrue();
    String versions = "/api/v1/lesson-plans/" + plan + "/versions";

    // the member (in Yushu) adds the difficulties in Tibetan on top of version 1
    JsonObject mine = content.copy();
    mine.put("difficulties", new JsonObject().put("bo", "བདེན་དཔང་གི་བསམ་བློ།").put("zh", "证明思路"));
    Api.Response saved =
        api.post(versions, member, new JsonObject().put("baseVersion", 1).put("content", mine));
    assertThat(saved.status()).as("%s", saved).isEqualTo(201);
    assertThat(saved.json().getInteger("version")).isEqualTo(2);
    // the lead, still on version 1, saves: refused, told which version won; nothing lost
    Api.Response stale =
        api.post(versions, lead, new JsonObject().put("baseVersion", 1).put("content", content));
    assertProblem(stale, 409, "edit-conflict");
    assertThat(stale.json().getInteger("latest")).isEqualTo(2);
    JsonObject latest = api.get("/api/v1/lesson-plans/" + plan, lead).json();
    assertThat(latest.getInteger("version")).isEqualTo(2);
    assertThat(latest.getJsonObject("content").getJsonObject("difficulties").getString("bo"))
        .isEqualTo("བདེན་དཔང་གི་བསམ་བློ།");
    assertThat(latest.getJsonArray("versions")).hasSize(2);
    // bad content is refused and makes no version
    assertProblem(
        api.post(
            versions,
            lead,
            new JsonObject()
                .put("baseVersion", 2)
                .put("content", new JsonObject().put("alchemy", new JsonObject()))),
        400,
        "bad-content");
    assertThat(api.get("/api/v1/lesson-plans/" + plan, lead).json().getInteger("latest"))
        .isEqualTo(2);

    // comments on the second paragraph of the goals, and a reply
    String comments = "/api/v1/lesson-plans/" + plan + "/comments";
    Api.Response c1 =
        api.post(
            comments,
            member,
            new JsonObject()
                .put("version", 2)
                .put("section", "goals")
                .put("lang", "zh")
                .put("paragraph", 1)
                .put("body", "牧区学生先用实物三角板体验"));
    assertThat(c1.status()).as("%s", c1).isEqualTo(201);
    String first = c1.json().getJsonArray("comments").getJsonObject(0).getString("id");
    Api.Response c2 =
        api.post(
            comments,
            lead,
            new JsonObject()
                .put("version", 2)
                .put("section", "goals")
                .put("lang", "zh")
                .put("paragraph", 1)
                .put("parentId", first)
                .put("body", "好，加到教学过程"));
    assertThat(c2.status()).isEqualTo(201);
    JsonArray thread = c2.json().getJsonArray("comments");
    assertThat(thread).hasSize(2);
    assertThat(thread.getJsonObject(1).getString("parentId")).isEqualTo(first);
    assertProblem(
        api.post(
            comments,
            member,
            new JsonObject()
                .put("version", 2)
                .put("section", "goals")
                .put("lang", "zh")
                .put("paragraph", 7)
                .put("body", "?")),
        400,
        "validation-failed");
    Api.Response resolved =
        api.post(
            "/api/v1/lesson-plans/" + plan + "/comments/" + first + "/resolve",
            lead,
            new JsonObject());
    assertThat(resolved.status()).isEqualTo(200);
    assertThat(resolved.json().getJsonArray("comments").getJsonObject(0).getBoolean("resolved"))
        .isTrue();

    // outsiders: another school's teacher not in the studio sees nothing; pupils are refused
    assertProblem(
        api.get("/api/v1/lesson-plans/" + plan, token("teacher.haixi")), 404, "plan-not-found");
    assertProblem(
        api.get("/api/v1/lesson-plans/" + plan, token("student.yushu")), 403, "forbidden");
    assertProblem(
        api.post(
            versions,
            token("teacher.haixi"),
            new JsonObject().put("baseVersion", 2).put("content", content)),
        404,
        "plan-not-found");
    // the coordinator looks in and comments, but does not write the plan
    assertProblem(
        api.post(
            versions,
            token("coordinator"),
            new JsonObject().put("baseVersion", 2).put("content", content)),
        403,
        "forbidden");

    // only the lead or the plan's teacher makes it final; then it is published and closed
    String fin = "/api/v1/lesson-plans/" + plan + "/final";
    assertProblem(api.post(fin, member, new JsonObject().put("version", 2)), 403, "forbidden");
    Api.Response done = api.post(fin, lead, new JsonObject().put("version", 2));
    assertThat(done.status()).as("%s", done).isEqualTo(200);
    assertThat(done.json().getInteger("finalVersion")).isEqualTo(2);
    String resource = done.json().getString("resourceId");
    assertThat(resource).isNotNull();
    assertThat(done.json().getBoolean("mayEdit")).isFalse();
    JsonObject published = api.get("/api/v1/resources/" + resource, token("teacher.haixi")).json();
    assertThat(published.getString("kind")).isEqualTo("lesson-plan");
    assertThat(published.getString("status")).isEqualTo("published");
    assertThat(published.getString("title")).isEqualTo("勾股定理（第一课时）");
    Api.Response text =
        api.get("/api/v1/resources/" + resource + "/content", token("student.haixi"));
    assertThat(text.status()).isEqualTo(200);
    assertThat(text.body()).contains("【教学难点", "བདེན་དཔང་གི་བསམ་བློ།", "会用勾股定理解决简单问题");
    assertProblem(api.post(fin, lead, new JsonObject().put("version", 2)), 409, "plan-final");
    assertProblem(
        api.post(versions, lead, new JsonObject().put("baseVersion", 2).put("content", content)),
        409,
        "plan-final");
  }

  static String mathsSession() {
    for (Object o :
        api.get("/api/v1/me/timetable?from=2026-12-01&to=2026-12-08", token("teacher.xining"))
            .items()) {
      JsonObject x = (JsonObject) o;
      if (x.getString("subject").equals("maths")) {
        return x.getString("id");
      }
    }
    throw new AssertionError("no maths session");
  }

  @Test
  @DisplayName(
      "recording: the session's teacher gets a draft lesson to upload into; critique at moments of it by studio colleagues, a summary by a coordinator; others refused")
  void recordingAndCritique() {
    // the Tuesday maths class starts at 10:00; the clock stands at 09:50
    String session = mathsSession();
    String path = "/api/v1/sessions/" + session + "/recordings";
    assertProblem(api.post(path, token("teacher.yushu"), new JsonObject()), 403, "forbidden");
    assertProblem(api.post(path, token("student.yushu"), new JsonObject()), 403, "forbidden");
    Api.Response made = api.post(path, token("teacher.xining"), new JsonObject());
    assertThat(made.status()).as("%s", made).isEqualTo(201);
    String resource = made.json().getString("resourceId");
    JsonObject draft = api.get("/api/v1/resources/" + resource, token("teacher.xining")).json();
    assertThat(draft.getString("kind")).isEqualTo("lesson-video");
    assertThat(draft.getString("status")).isEqualTo("draft");
    assertThat(draft.getString("subject")).isEqualTo("maths");
    assertThat(draft.getInteger("grade")).isEqualTo(8);
    assertThat(draft.getString("title")).contains("2026-12-01", "录播");
    assertThat(api.get(path, token("teacher.yushu")).json().getJsonArray("items")).hasSize(1);
    // a session a week ahead cannot be recorded yet
    String later = null;
    for (Object o :
        api.get("/api/v1/me/timetable?from=2026-12-08&to=2026-12-08", token("teacher.xining"))
            .items()) {
      later = ((JsonObject) o).getString("id");
    }
    assertThat(later).isNotNull();
    assertProblem(
        api.post(
            "/api/v1/sessions/" + later + "/recordings", token("teacher.xining"), new JsonObject()),
        409,
        "session-not-started");

    // critique: the teacher's studio colleague comments on moments; outsiders see nothing
    String studio = studio("评课 · 数学").getString("id");
    api.post(
        "/api/v1/studios/" + studio + "/members",
        token("teacher.xining"),
        new JsonObject().put("username", "teacher.haixi"));
    String critiques = "/api/v1/resources/" + resource + "/critiques";
    Api.Response c1 =
        api.post(
            critiques,
            token("teacher.haixi"),
            new JsonObject()
                .put("atSecond", 125)
                .put("criterion", "engagement")
                .put("score", 4)
                .put("body", "提问后留给牧区学生的时间够"));
    assertThat(c1.status()).as("%s", c1).isEqualTo(201);
    api.post(
        critiques,
        token("coordinator"),
        new JsonObject()
            .put("atSecond", 30)
            .put("criterion", "engagement")
            .put("score", 3)
            .put("body", "导入稍长"));
    JsonObject read = api.get(critiques, token("teacher.xining")).json();
    assertThat(read.getJsonArray("items")).hasSize(2);
    assertThat(read.getJsonArray("items").getJsonObject(0).getInteger("atSecond"))
        .as("in the order of the video")
        .isEqualTo(30);
    assertThat(read.getJsonObject("scores").getDouble("engagement")).isEqualTo(3.5);
    assertThat(read.getBoolean("maySummarise")).as("not on one's own lesson").isFalse();
    assertProblem(api.get(critiques, token("teacher.guoluo")), 404, "recording-not-found");
    assertProblem(api.get(critiques, token("student.haixi")), 403, "forbidden");
    assertProblem(
        api.post(
            critiques,
            token("teacher.haixi"),
            new JsonObject().put("atSecond", 5).put("score", 9).put("body", "x")),
        400,
        "validation-failed");
    assertProblem(
        api.post(
            critiques,
            token("teacher.haixi"),
            new JsonObject().put("atSecond", -1).put("body", "x")),
        400,
        "validation-failed");
    // an ordinary lesson (no recording) has no critique
    String other =
        api.get("/api/v1/resources", token("teacher.xining")).items().stream()
            .map(o -> (JsonObject) o)
            .filter(r -> !r.getString("id").equals(resource))
            .findFirst()
            .orElseThrow()
            .getString("id");
    assertProblem(
        api.get("/api/v1/resources/" + other + "/critiques", token("teacher.xining")),
        404,
        "recording-not-found");

    // the summary: a coordinator (or a lead of the teacher's studios other than the teacher)
    String summary = "/api/v1/resources/" + resource + "/critique-summary";
    assertProblem(
        send("PUT", summary, token("teacher.haixi"), new JsonObject().put("body", "好课")),
        403,
        "forbidden");
    Api.Response summed =
        send("PUT", summary, token("coordinator"), new JsonObject().put("body", "目标清楚，互动可以更多"));
    assertThat(summed.status()).as("%s", summed).isEqualTo(200);
    assertThat(
            api.get(critiques, token("teacher.xining"))
                .json()
                .getJsonObject("summary")
                .getString("body"))
        .isEqualTo("目标清楚，互动可以更多");
  }

  @Test
  @DisplayName(
      "observation: a studio colleague joins the teacher's live class as a silent observer and takes notes at moments of it; others are refused")
  void observation() {
    String session = mathsSession();
    String studio = studio("听课 · 数学").getString("id");
    api.post(
        "/api/v1/studios/" + studio + "/members",
        token("teacher.xining"),
        new JsonObject().put("username", "teacher.haixi"));
    String notes = "/api/v1/sessions/" + session + "/observations";
    // before the class (09:50) no note is taken
    assertProblem(
        api.post(notes, token("teacher.haixi"), new JsonObject().put("body", "早到")),
        409,
        "not-in-class");
    CLOCK.advance(java.time.Duration.ofMinutes(15)); // 10:05, five minutes into the class
    try {
      JsonObject seat =
          api.get("/api/v1/sessions/" + session + "/join", token("teacher.haixi")).json();
      assertThat(seat.getString("part")).isEqualTo("observer");
      assertThat(seat.getString("endpointId")).startsWith("o-");
      // a pupil has no seat of their own
      assertProblem(
          api.get("/api/v1/sessions/" + session + "/join", token("student.haixi")),
          403,
          "forbidden");
      Api.Response noted =
          api.post(
              notes,
              token("teacher.haixi"),
              new JsonObject()
                  .put("body", "用牧区生活情境引入")
                  .put("criterion", "process")
                  .put("score", 5));
      assertThat(noted.status()).as("%s", noted).isEqualTo(201);
      // the studio's rubric is the default five: a criterion outside it is refused
      assertProblem(
          api.post(
              notes,
              token("teacher.haixi"),
              new JsonObject().put("body", "双语").put("criterion", "bilingual")),
          400,
          "validation-failed");
      JsonObject note = noted.json().getJsonArray("items").getJsonObject(0);
      assertThat(note.getInteger("atSecond")).isEqualTo(300);
      assertThat(note.getInteger("score")).isEqualTo(5);
      // the teacher reads the notes on their own class; they do not write observation notes
      assertThat(api.get(notes, token("teacher.xining")).json().getJsonArray("items")).hasSize(1);
      assertProblem(
          api.post(notes, token("teacher.xining"), new JsonObject().put("body", "x")),
          403,
          "forbidden");
      // the Guoluo classroom's assistant, no colleague of the teacher (other tests may make Yushu's
      // one), does not read them; pupils never
      assertProblem(api.get(notes, token("teacher.guoluo")), 403, "forbidden");
      assertProblem(api.get(notes, token("student.yushu")), 403, "forbidden");
      assertProblem(
          api.post(
              notes, token("teacher.haixi"), new JsonObject().put("body", "x").put("score", 3)),
          400,
          "validation-failed");
      assertThat(api.get(notes, token("coordinator")).status()).isEqualTo(200);

      // the research records of the term: the observer's and the observed teacher's
      String term =
          api.get("/api/v1/terms", token("coordinator")).items().getJsonObject(0).getString("id");
      String haixi = userId("teacher.haixi");
      JsonObject mine =
          api.get(
                  "/api/v1/users/" + haixi + "/research-record?termId=" + term,
                  token("teacher.haixi"))
              .json();
      assertThat(mine.getJsonObject("observation").getInteger("classesObserved")).isEqualTo(1);
      assertThat(mine.getJsonObject("observation").getDouble("hoursObserved")).isEqualTo(0.8);
      assertThat(mine.getJsonObject("observation").getInteger("notesGiven")).isEqualTo(1);
      JsonObject observed =
          api.get(
                  "/api/v1/users/" + userId("teacher.xining") + "/research-record?termId=" + term,
                  token("coordinator"))
              .json();
      assertThat(observed.getJsonObject("observation").getInteger("classesObservedByOthers"))
          .isEqualTo(1);
      assertThat(observed.getJsonObject("observation").getInteger("notesReceived")).isEqualTo(1);
      // the studio's lead reads a member's record; another teacher and pupils do not
      assertThat(
              api.get(
                      "/api/v1/users/" + haixi + "/research-record?termId=" + term,
                      token("teacher.xining"))
                  .status())
          .isEqualTo(200);
      assertProblem(
          api.get(
              "/api/v1/users/" + haixi + "/research-record?termId=" + term,
              token("teacher.guoluo")),
          403,
          "forbidden");
      assertProblem(
          api.get(
              "/api/v1/users/" + haixi + "/research-record?termId=" + term, token("student.haixi")),
          403,
          "forbidden");
      assertProblem(
          api.get("/api/v1/users/" + haixi + "/research-record", token("teacher.haixi")),
          400,
          "validation-failed");
    } finally {
      CLOCK.advance(java.time.Duration.ofMinutes(-15));
    }
  }

  @Test
  @DisplayName(
      "research sessions: the lead books a teachers-only session in the timetable, nobody is double-booked with a class, colleagues join the live room and it counts in their research hours")
  void researchSessions() {
    String studio = studio("教研 · 数学").getString("id");
    for (String member : java.util.List.of("teacher.yushu", "teacher.haixi")) {
      api.post(
          "/api/v1/studios/" + studio + "/members",
          token("teacher.xining"),
          new JsonObject().put("username", member));
    }
    String term =
        api.get("/api/v1/terms", token("coordinator")).items().getJsonObject(0).getString("id");
    JsonObject maths = api.get("/api/v1/sessions/" + mathsSession(), token("coordinator")).json();
    String room = maths.getJsonObject("mainClassroom").getString("id");
    String path = "/api/v1/studios/" + studio + "/research-sessions";
    // Wednesday 19:00 in Xining, after classes
    JsonObject evening =
        new JsonObject()
            .put("termId", term)
            .put("mainClassroomId", room)
            .put("startsAt", "2026-12-02T11:00:00Z")
            .put("endsAt", "2026-12-02T11:45:00Z")
            .put("title", "《勾股定理》说课与研讨");

    // a member who is not the lead does not book; pupils never reach the studio; an outsider
    // does not see it
    assertProblem(api.post(path, token("teacher.yushu"), evening), 403, "forbidden");
    assertProblem(api.post(path, token("student.yushu"), evening), 403, "forbidden");
    assertProblem(api.post(path, token("teacher.guoluo"), evening), 404, "studio-not-found");
    // colleagues are the studio's members; a time is needed
    assertProblem(
        api.post(
            path,
            token("teacher.xining"),
            evening.copy().put("colleagues", new JsonArray().add(userId("teacher.guoluo")))),
        400,
        "validation-failed");
    assertProblem(
        api.post(path, token("teacher.xining"), evening.copy().put("colleagues", new JsonArray())),
        400,
        "validation-failed");
    JsonObject untimed = evening.copy();
    untimed.remove("startsAt");
    untimed.remove("endsAt");
    assertProblem(api.post(path, token("teacher.xining"), untimed), 400, "validation-failed");
    // at the time of the lead's own maths class: the lead and the room are taken, nothing booked
    Api.Response clash =
        api.post(
            path,
            token("teacher.xining"),
            evening
                .copy()
                .put("startsAt", maths.getString("startsAt"))
                .put("endsAt", maths.getString("endsAt")));
    assertProblem(clash, 409, "booking-conflict");
    assertThat(
            clash.json().getJsonArray("conflicts").stream()
                .map(c -> ((JsonObject) c).getString("resourceKind")))
        .contains("teacher", "classroom");

    Api.Response booked = api.post(path, token("teacher.xining"), evening);
    assertThat(booked.status()).as("%s", booked).isEqualTo(201);
    JsonObject session = booked.json();
    String id = session.getString("id");
    assertThat(session.getString("kind")).isEqualTo("research");
    assertThat(session.getString("studioId")).isEqualTo(studio);
    assertThat(session.getJsonArray("receivers")).isEmpty();
    assertThat(
            session.getJsonArray("colleagues").stream().map(c -> ((JsonObject) c).getString("id")))
        .containsExactlyInAnyOrder(userId("teacher.yushu"), userId("teacher.haixi"));
    assertThat(
            api
                .get(path + "?termId=" + term, token("teacher.haixi"))
                .json()
                .getJsonArray("sessions")
                .stream()
                .map(x -> ((JsonObject) x).getString("id")))
        .containsExactly(id);
    assertProblem(
        api.get(path + "?termId=" + term, token("teacher.guoluo")), 404, "studio-not-found");
    // it is in a colleague's own timetable
    assertThat(
            api
                .get("/api/v1/me/timetable?from=2026-12-02&to=2026-12-02", token("teacher.yushu"))
                .items()
                .stream()
                .map(x -> ((JsonObject) x).getString("id")))
        .contains(id);
    // and a colleague cannot be booked into a class then: the coordinator's class is refused
    JsonObject receiver = maths.getJsonArray("receivers").getJsonObject(0);
    Api.Response classThen =
        api.post(
            "/api/v1/sessions",
            token("coordinator"),
            new JsonObject()
                .put("termId", term)
                .put("subject", "maths")
                .put("teacherId", userId("teacher.yushu"))
                .put("mainClassroomId", room)
                .put(
                    "receivers",
                    new JsonArray()
                        .add(
                            new JsonObject()
                                .put(
                                    "classroomId",
                                    receiver.getJsonObject("classroom").getString("id"))
                                .put("classId", receiver.getJsonObject("class").getString("id"))))
                .put("startsAt", "2026-12-02T11:15:00Z")
                .put("endsAt", "2026-12-02T12:00:00Z"));
    assertProblem(classThen, 409, "booking-conflict");
    assertThat(
            classThen.json().getJsonArray("conflicts").stream()
                .map(c -> ((JsonObject) c).getString("resourceId")))
        .contains(userId("teacher.yushu"), room);

    // in the live room: the lead hosts, colleagues have seats of their own (no classroom, they see
    // everyone); an outsider has none
    CLOCK.advance(
        java.time.Duration.between(CLOCK.instant(), Instant.parse("2026-12-02T11:05:00Z")));
    try {
      JsonObject lead = api.get("/api/v1/sessions/" + id + "/join", token("teacher.xining")).json();
      assertThat(lead.getString("part")).isEqualTo("main");
      JsonObject colleague =
          api.get("/api/v1/sessions/" + id + "/join", token("teacher.yushu")).json();
      assertThat(colleague.getString("part")).isEqualTo("receiver");
      assertThat(colleague.getString("classroomId")).isNull();
      assertThat(colleague.getJsonObject("constraints").getInteger("lastN")).isEqualTo(-1);
      assertThat(
              colleague.getJsonArray("endpoints").stream()
                  .map(e -> ((JsonObject) e).getString("endpointId")))
          .contains(lead.getString("endpointId"), colleague.getString("endpointId"))
          .hasSize(3);
      assertProblem(
          api.get("/api/v1/sessions/" + id + "/join", token("teacher.guoluo")),
          403,
          "not-in-session");
      assertProblem(
          api.get("/api/v1/sessions/" + id + "/join", token("student.yushu")), 403, "forbidden");
      // the colleague takes part; once it is over it counts in their research record, and not
      // in the record of the member who never came
      try (org.classbridge.testing.BridgeClient c =
          org.classbridge.testing.BridgeClient.enter(
              app.port(), colleague, "Bearer " + token("teacher.yushu"))) {
        c.message(
            colleague.getJsonObject("bridge").getString("room"),
            m -> "presence".equals(m.getString("type")));
      }
      CLOCK.advance(java.time.Duration.ofMinutes(45));
      JsonObject record =
          api.get(
                  "/api/v1/users/" + userId("teacher.yushu") + "/research-record?termId=" + term,
                  token("teacher.yushu"))
              .json();
      assertThat(record.getJsonObject("research").getInteger("sessions")).isEqualTo(1);
      assertThat(record.getJsonObject("research").getDouble("hours")).isEqualTo(0.8);
      JsonObject absent =
          api.get(
                  "/api/v1/users/" + userId("teacher.haixi") + "/research-record?termId=" + term,
                  token("teacher.haixi"))
              .json();
      assertThat(absent.getJsonObject("research").getInteger("sessions")).isZero();
      // the coordinator moves it like any session, keeping its colleagues; it takes no class
      String one = "/api/v1/sessions/" + id;
      String etag = api.get(one, token("coordinator")).header("ETag");
      assertProblem(
          api.patch(
              one,
              token("coordinator"),
              etag,
              new JsonObject().put("receivers", new JsonArray().add(new JsonObject()))),
          400,
          "validation-failed");
      Api.Response moved =
          api.patch(
              one,
              token("coordinator"),
              etag,
              new JsonObject()
                  .put("startsAt", "2026-12-03T11:00:00Z")
                  .put("endsAt", "2026-12-03T11:45:00Z"));
      assertThat(moved.status()).as("%s", moved).isEqualTo(200);
      JsonObject now = moved.items().getJsonObject(0);
      assertThat(now.getJsonArray("colleagues")).hasSize(2);
      assertThat(now.getString("kind")).isEqualTo("research");
      assertThat(now.getString("startsAt")).isEqualTo("2026-12-03T11:00:00Z");
      assertThat(api.request("DELETE", one, token("coordinator")).status()).isEqualTo(200);
      assertThat(
              api.get(path + "?termId=" + term, token("teacher.xining"))
                  .json()
                  .getJsonArray("sessions")
                  .getJsonObject(0)
                  .getString("state"))
          .isEqualTo("cancelled");
    } finally {
      CLOCK.advance(
          java.time.Duration.between(CLOCK.instant(), Instant.parse("2026-12-01T01:50:00Z")));
    }
  }
}
