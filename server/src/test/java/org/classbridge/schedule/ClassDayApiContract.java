package org.classbridge.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.classbridge.schedule.DemoGroup.YUSHU;
import static org.classbridge.testing.Problems.assertProblem;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.classbridge.app.Classbridge;
import org.classbridge.testing.Api;
import org.classbridge.testing.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A class day in the demo group: Jitsi's Prosody asks whether the maths room may open (INTEROP.md
 * section C, replayed as exact form-encoded exchanges), the Yushu assistant takes attendance, and
 * the coordinator reads the attendance report. The clock stands at Tuesday 2026-12-01 09:50 Beijing
 * time, ten minutes before the seeded maths class (10:00-10:45).
 */
abstract class ClassDayApiContract {
  static final String SECRET = "prosody-shared-secret-0123456789";

  @TempDir static Path data;
  static Classbridge app;
  static Api api;
  static DemoGroup demo;
  static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-01T01:50:00Z"));

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
      app = null;
    }
  }

  static JsonObject session(String day, String subject) {
    return api
        .get(
            "/api/v1/timetable?scope=group&id=" + demo.groupId + "&from=" + day + "&to=" + day,
            demo.token("coordinator"))
        .items()
        .stream()
        .map(o -> (JsonObject) o)
        .filter(s -> s.getString("subject").equals(subject))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no " + subject + " on " + day));
  }

  static Api.Response form(String method, String path, String secret, String body) {
    HttpRequest.Builder b = api.builder("/jitsi/reservations" + path, secret);
    if (body != null) {
      b.header("Content-Type", "application/x-www-form-urlencoded")
          .method(method, HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return api.send(b);
  }

  @Test
  @DisplayName("Prosody opens the maths room inside its window, until the booked end, once")
  void reservationExchange() {
    JsonObject maths = session("2026-12-01", "maths");
    String room = maths.getString("roomName");
    String body =
        "name=" + room + "&start_time=2026-12-01T01%3A50%3A00.000Z&mail_owner=focus%40meet.example";

    Api.Response opened = form("POST", "/conference", SECRET, body);
    assertThat(opened.status()).as("%s", opened).isEqualTo(200);
    assertThat(opened.header("Content-Type")).startsWith("application/json");
    JsonObject c = opened.json();
    long id = c.getLong("id");
    assertThat(c.getString("name")).isEqualTo(room);
    assertThat(c.getString("mail_owner")).isEqualTo("focus@meet.example");
    assertThat(c.getString("start_time")).isEqualTo("2026-12-01T01:50:00.000Z");
    // Prosody closes the room at start_time + duration: the booked end, 10:45 Beijing
    assertThat(c.getLong("duration")).isEqualTo(Duration.ofMinutes(55).toSeconds());
    assertThat(c.getInteger("max_occupants")).isEqualTo(1 + 2 + 4);

    Api.Response again = form("POST", "/conference", SECRET, body);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().getLong("conflict_id")).isEqualTo(id);
    Api.Response read = form("GET", "/conference/" + id, SECRET, null);
    assertThat(read.status()).isEqualTo(200);
    assertThat(read.json().getLong("id")).isEqualTo(id);
    assertThat(read.json().getString("name")).isEqualTo(room);

    assertThat(form("DELETE", "/conference/" + id, SECRET, null).status()).isEqualTo(200);
    assertThat(form("DELETE", "/conference/" + id, SECRET, null).status()).isEqualTo(200);
    // re-creating the room answers the same booking with the same id; a tenant prefix is fine
    Api.Response reopened =
        form(
            "POST",
            "/conference",
            SECRET,
            "name=%5Bqinghai%5D"
                + room.toUpperCase()
                + "&start_time=2026-12-01T01:55:00.000Z&mail_owner=a%40b");
    assertThat(reopened.status()).as("%s", reopened).isEqualTo(200);
    assertThat(reopened.json().getLong("id")).isEqualTo(id);
    assertThat(reopened.json().getString("name")).isEqualTo("[qinghai]" + room.toUpperCase());
    assertThat(reopened.json().getLong("duration")).isEqualTo(Duration.ofMinutes(50).toSeconds());
    assertProblem(form("GET", "/conference/999", SECRET, null), 404, "conference-not-found");
    assertProblem(form("GET", "/conference/abc", SECRET, null), 404, "conference-not-found");
  }

  @Test
  @DisplayName(
      "Prosody is refused rooms outside their window, unknown rooms, and anything without the secret")
  void reservationRefusals() {
    String later = session("2026-12-02", "physics").getString("roomName");
    Api.Response early =
        form(
            "POST",
            "/conference",
            SECRET,
            "name=" + later + "&start_time=2026-12-01T01:50:00.000Z&mail_owner=x%40y");
    assertProblem(early, 403, "room-not-open");
    assertThat(early.json().getString("message")).isNotBlank();
    String past = session("2026-11-30", "physics").getString("roomName");
    assertProblem(
        form(
            "POST",
            "/conference",
            SECRET,
            "name=" + past + "&start_time=2026-12-01T01:50:00.000Z&mail_owner=x%40y"),
        403,
        "room-closed");
    assertProblem(
        form(
            "POST",
            "/conference",
            SECRET,
            "name=lobby&start_time=2026-12-01T01:50:00.000Z&mail_owner=x%40y"),
        403,
        "room-not-booked");

    String room = session("2026-12-01", "maths").getString("roomName");
    String good = "name=" + room + "&start_time=2026-12-01T01:50:00.000Z&mail_owner=x%40y";
    assertProblem(form("POST", "/conference", null, good), 401, "unauthenticated");
    assertProblem(
        form("POST", "/conference", "wrong-secret-wrong-secret", good),
        401,
        "shared-secret-required");
    assertProblem(
        form("GET", "/conference/1", demo.token("admin"), null), 401, "shared-secret-required");
    for (String malformed :
        List.of(
            "name=" + room + "&start_time=2026-12-01T01:50:00Z&mail_owner=x",
            "name=" + room + "&mail_owner=x",
            "name=" + room + "&name=" + room + "&start_time=2026-12-01T01:50:00.000Z&mail_owner=x",
            "name=%ZZ&start_time=2026-12-01T01:50:00.000Z&mail_owner=x",
            "name&start_time",
            "")) {
      Api.Response r = form("POST", "/conference", SECRET, malformed);
      assertProblem(r, 400, "bad-form");
      assertThat(r.json().getString("message")).as(malformed).isNotBlank();
    }
    Api.Response bytes =
        api.send(
            api.builder("/jitsi/reservations/conference", SECRET)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(
                    HttpRequest.BodyPublishers.ofByteArray(
                        new byte[] {'n', 'a', 'm', 'e', '=', (byte) 0xff})));
    assertProblem(bytes, 400, "bad-form");
    Api.Response json =
        api.send(
            api.builder("/jitsi/reservations/conference", SECRET)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")));
    assertProblem(json, 415, "unsupported-media-type");
  }

  @Test
  @DisplayName(
      "the on-site assistant marks who was present; reports show held and not-held sessions, also as CSV")
  void attendance() {
    JsonObject held = session("2026-11-26", "maths");
    String yushuClass = demo.klass(YUSHU, "八年级（1）班");
    String path = "/api/v1/sessions/" + held.getString("id") + "/attendance";
    JsonObject roster = api.get(path, demo.token("teacher.yushu")).json();
    JsonObject yushu =
        roster.getJsonArray("classes").stream()
            .map(o -> (JsonObject) o)
            .filter(k -> k.getString("classId").equals(yushuClass))
            .findFirst()
            .orElseThrow();
    assertThat(yushu.getJsonArray("students")).hasSize(2);
    assertThat(yushu.getBoolean("marked")).isFalse();
    assertThat(yushu.getBoolean("mayMark")).isTrue();
    // the Yushu assistant may not mark Guoluo's class
    assertThat(
            roster.getJsonArray("classes").stream()
                .map(o -> (JsonObject) o)
                .filter(k -> !k.getString("classId").equals(yushuClass))
                .map(k -> k.getBoolean("mayMark")))
        .containsOnly(false);

    JsonObject mark =
        new JsonObject()
            .put("classId", yushuClass)
            .put("present", new JsonArray().add(demo.users.get("student.yushu")));
    // the demo's registers of earlier weeks are taken; the class's summary before this one
    JsonObject before =
        api.get(
                "/api/v1/attendance?termId=" + demo.termId + "&schoolId=" + demo.schools.get(YUSHU),
                demo.token("coordinator"))
            .json()
            .getJsonArray("classes")
            .getJsonObject(0);
    Api.Response marked =
        api.sendRaw(
            "PUT", path, demo.token("teacher.yushu"), "application/json", mark.encode().getBytes());
    assertThat(marked.status()).as("%s", marked).isEqualTo(200);
    assertThat(marked.json().getInteger("present")).isEqualTo(1);
    assertThat(marked.json().getInteger("of")).isEqualTo(2);

    // a teacher of another school, a pupil of another class, a session not yet begun: refused
    assertProblem(
        api.sendRaw(
            "PUT", path, demo.token("teacher.haixi"), "application/json", mark.encode().getBytes()),
        403,
        "forbidden");
    JsonObject stranger =
        mark.copy().put("present", new JsonArray().add(demo.users.get("student.guoluo")));
    Api.Response wrongPupil =
        api.sendRaw(
            "PUT",
            path,
            demo.token("teacher.yushu"),
            "application/json",
            stranger.encode().getBytes());
    assertProblem(wrongPupil, 400, "validation-failed");
    assertThat(wrongPupil.json().getJsonArray("errors").getJsonObject(0).getString("code"))
        .isEqualTo("not-in-class");
    String upcoming = session("2026-12-03", "maths").getString("id");
    assertProblem(
        api.sendRaw(
            "PUT",
            "/api/v1/sessions/" + upcoming + "/attendance",
            demo.token("teacher.yushu"),
            "application/json",
            mark.encode().getBytes()),
        409,
        "session-not-started");
    assertThat(
            api.get(path, demo.token("teacher.yushu")).json().getJsonArray("classes").stream()
                .map(o -> (JsonObject) o)
                .filter(k -> k.getString("classId").equals(yushuClass))
                .findFirst()
                .orElseThrow()
                .getJsonArray("students")
                .stream()
                .map(o -> (JsonObject) o)
                .filter(p -> p.getString("id").equals(demo.users.get("student.yushu")))
                .findFirst()
                .orElseThrow()
                .getBoolean("present"))
        .isTrue();

    String report =
        "/api/v1/attendance?termId=" + demo.termId + "&schoolId=" + demo.schools.get(YUSHU);
    JsonObject r = api.get(report, demo.token("coordinator")).json();
    JsonObject line =
        r.getJsonArray("rows").stream()
            .map(o -> (JsonObject) o)
            .filter(x -> x.getString("sessionId").equals(held.getString("id")))
            .findFirst()
            .orElseThrow();
    assertThat(line.getString("state")).isEqualTo("held");
    assertThat(line.getInteger("present")).isEqualTo(1);
    assertThat(
            r.getJsonArray("rows").stream()
                .map(o -> (JsonObject) o)
                .filter(x -> x.getString("day").equals("2026-11-24"))
                .findFirst()
                .orElseThrow()
                .getString("state"))
        .isEqualTo("not-held");
    assertThat(
            r.getJsonArray("rows").stream()
                .map(o -> ((JsonObject) o).getJsonObject("class").getString("schoolName")))
        .containsOnly(YUSHU);
    JsonObject summary = r.getJsonArray("classes").getJsonObject(0);
    assertThat(summary.getInteger("held")).isEqualTo(before.getInteger("held") + 1);
    assertThat(summary.getInteger("notHeld")).isEqualTo(before.getInteger("notHeld") - 1);

    Api.Response csv = api.get(report + "&format=csv", demo.token("coordinator"));
    assertThat(csv.status()).isEqualTo(200);
    assertThat(csv.header("Content-Type")).startsWith("text/csv");
    assertThat(csv.body()).startsWith("\uFEFFday,starts_at,subject,teacher,school,class,state");
    assertThat(csv.body()).contains("2026-11-26", "held", YUSHU);
    assertProblem(api.get(report, demo.token("student.yushu")), 403, "forbidden");
    assertProblem(
        api.get("/api/v1/attendance?termId=" + UUID.randomUUID(), demo.token("coordinator")),
        404,
        "term-not-found");
  }

  @Test
  @DisplayName(
      "lesson push lists the resources of a school's sessions in the coming days, in teaching order")
  void lessonPush() {
    String lesson = UUID.randomUUID().toString();
    String experiment = UUID.randomUUID().toString();
    JsonObject body =
        new JsonObject()
            .put("termId", demo.termId)
            .put("subject", "maths")
            .put("teacherId", demo.users.get("teacher.xining"))
            .put("mainClassroomId", demo.room(DemoGroup.XINING, "主讲教室 A202"))
            .put(
                "receivers",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("classroomId", demo.room(YUSHU, "专递课堂接收室"))
                            .put("classId", demo.klass(YUSHU, "八年级（1）班"))))
            .put("day", "2026-12-04")
            .put("period", 1)
            .put("title", "勾股定理的证明")
            .put("resources", new JsonArray().add(lesson).add(experiment));
    Api.Response booked = api.post("/api/v1/sessions", demo.token("coordinator"), body);
    assertThat(booked.status()).as("%s", booked).isEqualTo(201);
    JsonObject push =
        api.get(
                "/api/v1/schools/" + demo.schools.get(YUSHU) + "/lesson-push?days=7",
                demo.token("teacher.yushu"))
            .json();
    assertThat(
            push.getJsonArray("resources").stream()
                .map(o -> ((JsonObject) o).getString("resourceId")))
        .containsExactly(lesson, experiment);
    assertThat(push.getJsonArray("sessions")).isNotEmpty();
    assertProblem(
        api.get(
            "/api/v1/schools/" + demo.schools.get(YUSHU) + "/lesson-push?days=0",
            demo.token("teacher.yushu")),
        400,
        "validation-failed");
  }
}
