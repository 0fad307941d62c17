package org.classbridge.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.classbridge.schedule.DemoGroup.GUOLUO;
import static org.classbridge.schedule.DemoGroup.HAIXI;
import static org.classbridge.schedule.DemoGroup.XINING;
import static org.classbridge.schedule.DemoGroup.YUSHU;
import static org.classbridge.testing.Problems.assertProblem;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.classbridge.app.Classbridge;
import org.classbridge.testing.Api;
import org.classbridge.testing.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The timetable as a coordinator, teachers and pupils use it, over HTTP, on the demo group and its
 * seeded term. The clock stands at Tuesday 2026-12-01 09:00 Beijing time, an hour before the seeded
 * maths class (Xining's third period).
 */
abstract class ScheduleApiContract {
  @TempDir static Path data;
  static Classbridge app;
  static Api api;
  static DemoGroup demo;
  static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-01T01:00:00Z"));

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
      app = null;
    }
  }

  static String coordinator() {
    return demo.token("coordinator");
  }

  static JsonArray timetable(String scope, String id, String from, String to) {
    Api.Response r =
        api.get(
            "/api/v1/timetable?scope=" + scope + "&id=" + id + "&from=" + from + "&to=" + to,
            coordinator());
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return r.items();
  }

  static int groupSessions(String from, String to) {
    return timetable("group", demo.groupId, from, to).size();
  }

  static JsonObject periodAt(JsonObject session, String school) {
    for (Object o : session.getJsonArray("schools")) {
      JsonObject p = (JsonObject) o;
      if (school.equals(p.getString("schoolName"))) {
        return p;
      }
    }
    throw new AssertionError(school + " not in " + session);
  }

  @Test
  @DisplayName(
      "each school sees a session at its own bell time: Xining's 3rd period is Yushu's 2nd")
  void ownPeriodLabels() {
    Api.Response r =
        api.get("/api/v1/me/timetable?from=2026-11-30&to=2026-12-06", demo.token("teacher.yushu"));
    assertThat(r.status()).isEqualTo(200);
    JsonObject maths =
        r.items().stream()
            .map(o -> (JsonObject) o)
            .filter(s -> s.getString("day").equals("2026-12-01"))
            .findFirst()
            .orElseThrow();
    assertThat(maths.getString("subject")).isEqualTo("maths");
    assertThat(maths.getString("startsAt")).isEqualTo("2026-12-01T02:00:00Z");
    assertThat(maths.getString("localStart")).isEqualTo("10:00");
    assertThat(periodAt(maths, XINING).getString("label")).isEqualTo("第3节");
    assertThat(periodAt(maths, YUSHU).getString("label")).isEqualTo("第2节");
    assertThat(periodAt(maths, YUSHU).getString("bellStart")).isEqualTo("09:50");
    assertThat(periodAt(maths, GUOLUO).getInteger("period")).isEqualTo(2);
    assertThat(maths.getJsonObject("teacher").getString("displayName")).isEqualTo("王明 老师");
    assertThat(maths.getString("state")).isEqualTo("upcoming");
  }

  @Test
  @DisplayName(
      "the demo term skips the national-day week and teaches Thursday's classes on make-up Saturday")
  void holidaysAndMakeupDay() {
    JsonArray week = timetable("group", demo.groupId, "2026-09-28", "2026-10-11");
    Set<String> days = new TreeSet<>();
    week.forEach(o -> days.add(((JsonObject) o).getString("day")));
    assertThat(days).doesNotContain("2026-10-01", "2026-10-02", "2026-10-05", "2026-10-06");
    assertThat(days).contains("2026-09-29", "2026-10-08", "2026-10-10");
    JsonObject saturday =
        week.stream()
            .map(o -> (JsonObject) o)
            .filter(s -> s.getString("day").equals("2026-10-10"))
            .findFirst()
            .orElseThrow();
    assertThat(saturday.getString("subject")).isEqualTo("maths");
    assertThat(saturday.getInteger("weekday")).isEqualTo(6);
    assertThat(saturday.getInteger("teachesAs")).isEqualTo(4);
    assertThat(periodAt(saturday, YUSHU).getString("label")).isEqualTo("第2节");

    // and a series previewed over those weeks says why a Thursday is missing
    JsonObject preview =
        api.post(
                "/api/v1/series/preview",
                coordinator(),
                demo.physicsToHaixi()
                    .put("weekdays", new JsonArray().add(4))
                    .put("period", 7)
                    .put("from", "2026-09-28")
                    .put("to", "2026-10-16"))
            .json();
    List<String> planned = new ArrayList<>();
    preview.getJsonArray("planned").forEach(o -> planned.add(((JsonObject) o).getString("day")));
    assertThat(planned).containsExactly("2026-10-08", "2026-10-10", "2026-10-15");
    assertThat(preview.getJsonArray("skippedDays").getJsonObject(0).getString("day"))
        .isEqualTo("2026-10-01");
    assertThat(preview.getJsonArray("skippedDays").getJsonObject(0).getString("reason"))
        .isEqualTo("holiday");
  }

  @Test
  @DisplayName("pairings show on both partners' dashboards: the famous teacher and the rural class")
  void pairingsOnDashboards() {
    JsonArray famous =
        api.get("/api/v1/me/dashboard", demo.token("teacher.xining"))
            .json()
            .getJsonArray("pairings");
    assertThat(famous).hasSize(3);
    JsonObject maths =
        famous.stream()
            .map(o -> (JsonObject) o)
            .filter(p -> p.getString("subject").equals("maths"))
            .findFirst()
            .orElseThrow();
    assertThat(maths.getJsonArray("receivers"))
        .extracting(o -> ((JsonObject) o).getJsonObject("classroom").getString("schoolName"))
        .containsExactlyInAnyOrder(YUSHU, GUOLUO);

    for (String who : List.of("teacher.yushu", "student.yushu")) {
      JsonArray rural =
          api.get("/api/v1/me/dashboard", demo.token(who)).json().getJsonArray("pairings");
      assertThat(rural)
          .as(who)
          .extracting(o -> ((JsonObject) o).getString("subject"))
          .containsExactlyInAnyOrder("maths", "english");
      assertThat(rural.getJsonObject(0).getJsonObject("teacher").getString("displayName"))
          .isEqualTo("王明 老师");
    }
    // a teacher of a school with no pairing sees none; the Haixi teacher assists in physics
    assertThat(
            api.get("/api/v1/me/pairings", demo.token("teacher.haixi")).items().stream()
                .map(o -> ((JsonObject) o).getString("subject")))
        .containsExactlyInAnyOrder("physics", "english");
  }

  @Test
  @DisplayName("a booking that collides is refused whole, naming the resource and the session")
  void conflictRefusedWhole() {
    int before = groupSessions("2026-12-08", "2026-12-08");
    // Tuesday 3rd period: teacher.xining teaches the seeded maths class
    Api.Response r = api.post("/api/v1/sessions", coordinator(), demo.onPeriod("2026-12-08", 3));
    assertProblem(r, 409, "booking-conflict");
    JsonArray conflicts = r.json().getJsonArray("conflicts");
    assertThat(conflicts).isNotEmpty();
    JsonObject teacher =
        conflicts.stream()
            .map(o -> (JsonObject) o)
            .filter(c -> c.getString("resourceKind").equals("teacher"))
            .findFirst()
            .orElseThrow();
    assertThat(teacher.getString("resourceId")).isEqualTo(demo.users.get("teacher.xining"));
    assertThat(teacher.getString("day")).isEqualTo("2026-12-08");
    String other = teacher.getString("sessionId");
    assertThat(api.get("/api/v1/sessions/" + other, coordinator()).json().getString("subject"))
        .isEqualTo("maths");
    assertThat(groupSessions("2026-12-08", "2026-12-08")).isEqualTo(before);

    // the preview says the same without booking
    JsonObject preview =
        api.post("/api/v1/sessions/preview", coordinator(), demo.onPeriod("2026-12-08", 3)).json();
    assertThat(preview.getBoolean("free")).isFalse();
    assertThat(
            api.post("/api/v1/sessions/preview", coordinator(), demo.onPeriod("2026-12-08", 6))
                .json()
                .getBoolean("free"))
        .isTrue();
  }

  @Test
  @DisplayName(
      "a series reports every colliding date; the coordinator can then book the free dates only")
  void seriesConflictsAndFreeDates() {
    // two single sessions in A202 on Mondays' 6th period
    for (String day : List.of("2026-12-21", "2027-01-04")) {
      assertThat(api.post("/api/v1/sessions", coordinator(), demo.onPeriod(day, 6)).status())
          .isEqualTo(201);
    }
    JsonObject series =
        demo.physicsToHaixi()
            .put("weekdays", new JsonArray().add(1))
            .put("period", 6)
            .put("from", "2026-12-07")
            .put("to", "2027-01-18");
    int before = groupSessions("2026-12-07", "2027-01-18");
    Api.Response refused = api.post("/api/v1/series", coordinator(), series);
    assertProblem(refused, 409, "booking-conflict");
    Set<String> days = new TreeSet<>();
    refused
        .json()
        .getJsonArray("conflicts")
        .forEach(o -> days.add(((JsonObject) o).getString("day")));
    assertThat(days).containsExactly("2026-12-21", "2027-01-04");
    assertThat(groupSessions("2026-12-07", "2027-01-18")).as("nothing booked").isEqualTo(before);

    JsonObject preview = api.post("/api/v1/series/preview", coordinator(), series).json();
    assertThat(preview.getInteger("plannedCount")).isEqualTo(7);
    assertThat(preview.getBoolean("free")).isFalse();

    Api.Response booked =
        api.post("/api/v1/series", coordinator(), series.copy().put("onConflict", "book-free"));
    assertThat(booked.status()).as("%s", booked).isEqualTo(201);
    assertThat(booked.json().getInteger("bookedCount")).isEqualTo(5);
    assertThat(booked.json().getJsonArray("conflicts")).hasSizeGreaterThanOrEqualTo(2);
    assertThat(booked.json().getString("seriesId")).isNotNull();
    assertThat(groupSessions("2026-12-07", "2027-01-18")).isEqualTo(before + 5);
  }

  @Test
  @DisplayName("moving a session needs its ETag, never double books, and bumps the version")
  void moveSession() {
    Api.Response made = api.post("/api/v1/sessions", coordinator(), demo.onPeriod("2026-12-09", 6));
    assertThat(made.status()).as("%s", made).isEqualTo(201);
    String id = made.json().getString("id");
    String etag = made.header("ETag");
    String path = "/api/v1/sessions/" + id;
    JsonObject toMaths = new JsonObject().put("day", "2026-12-08").put("period", 3);
    assertProblem(api.patch(path, coordinator(), null, toMaths), 428, "if-match-required");
    assertProblem(api.patch(path, coordinator(), etag, toMaths), 409, "booking-conflict");
    // a bad resource id in the patch is refused with the rest, not silently dropped
    assertProblem(
        api.patch(
            path,
            coordinator(),
            etag,
            new JsonObject().put("period", 7).put("resources", new JsonArray().add("not-an-id"))),
        400,
        "validation-failed");
    Api.Response moved =
        api.patch(
            path, coordinator(), etag, new JsonObject().put("day", "2026-12-10").put("period", 7));
    assertThat(moved.status()).as("%s", moved).isEqualTo(200);
    JsonObject now = api.get(path, coordinator()).json();
    assertThat(now.getString("day")).isEqualTo("2026-12-10");
    assertThat(now.getString("localStart")).isEqualTo("16:20");
    assertThat(now.getInteger("version")).isEqualTo(1);
    assertProblem(
        api.patch(path, coordinator(), etag, new JsonObject().put("period", 6)),
        412,
        "version-mismatch");
    // the old slot is free again: the same booking there succeeds
    assertThat(api.post("/api/v1/sessions", coordinator(), demo.onPeriod("2026-12-09", 6)).status())
        .isEqualTo(201);
  }

  @Test
  @DisplayName(
      "a change to 'this and following' moves the rest of the series; cancelling frees the slots")
  void followingChangesAndCancel() {
    Api.Response series =
        api.post(
            "/api/v1/series",
            coordinator(),
            demo.physicsToHaixi()
                .put("weekdays", new JsonArray().add(5))
                .put("period", 6)
                .put("from", "2026-12-11")
                .put("to", "2027-01-15"));
    assertThat(series.status()).as("%s", series).isEqualTo(201);
    JsonArray booked = series.json().getJsonArray("booked");
    // New Year's Day (2027-01-01) is a Friday and a holiday of the demo term
    assertThat(booked).hasSize(5);
    assertThat(series.json().getJsonArray("skippedDays").getJsonObject(0).getString("day"))
        .isEqualTo("2027-01-01");
    JsonObject second = booked.getJsonObject(1);
    Api.Response changed =
        api.patch(
            "/api/v1/sessions/" + second.getString("id") + "?scope=following",
            coordinator(),
            "\"" + second.getInteger("version") + "\"",
            new JsonObject().put("period", 7).put("teacherId", demo.users.get("teacher.xining")));
    assertThat(changed.status()).as("%s", changed).isEqualTo(200);
    assertThat(changed.items()).hasSize(4);
    assertThat(changed.items().stream().map(o -> ((JsonObject) o).getString("localStart")))
        .containsOnly("16:20");
    JsonObject first =
        api.get("/api/v1/sessions/" + booked.getJsonObject(0).getString("id"), coordinator())
            .json();
    assertThat(first.getString("localStart")).isEqualTo("15:25");

    // "following" may not move to another day
    assertProblem(
        api.patch(
            "/api/v1/sessions/" + second.getString("id") + "?scope=following",
            coordinator(),
            "\"" + (second.getInteger("version") + 1) + "\"",
            new JsonObject().put("day", "2026-12-19")),
        400,
        "validation-failed");

    String fourth = booked.getJsonObject(3).getString("id");
    Api.Response cancelled =
        api.request("DELETE", "/api/v1/sessions/" + fourth + "?scope=following", coordinator());
    assertThat(cancelled.status()).as("%s", cancelled).isEqualTo(200);
    assertThat(cancelled.json().getInteger("cancelled")).isEqualTo(2);
    assertThat(api.get("/api/v1/sessions/" + fourth, coordinator()).json().getString("state"))
        .isEqualTo("cancelled");
    // a cancelled slot holds nothing
    String freedDay = booked.getJsonObject(3).getString("day");
    assertThat(api.post("/api/v1/sessions", coordinator(), demo.onPeriod(freedDay, 7)).status())
        .isEqualTo(201);
  }

  @Test
  @DisplayName("bad input is refused with a clear code and books nothing")
  void badInput() {
    int before = groupSessions("2026-09-01", "2027-01-22");
    record Case(JsonObject body, String field, String code) {}
    JsonObject base = demo.physicsToHaixi();
    List<Case> cases =
        List.of(
            new Case(demo.onPeriod("2027-03-01", 6), "day", "outside-term"),
            new Case(demo.onPeriod("2026-10-05", 6), "day", "holiday"),
            new Case(demo.onPeriod("2026-12-14", 12), "period", "unknown-period"),
            new Case(demo.onPeriod("2026-12-14", 99), "period", "out-of-range"),
            new Case(demo.onPeriod("2026-12-32", 6), "day", "not-a-date"),
            new Case(
                base.copy()
                    .put("startsAt", "2026-12-14T12:00:00+08:00")
                    .put("endsAt", "2026-12-14T11:00:00+08:00"),
                "endsAt",
                "reversed"),
            new Case(
                base.copy()
                    .put("startsAt", "2026-12-14T12:00:00")
                    .put("endsAt", "2026-12-14T12:45:00"),
                "startsAt",
                "not-a-date-time"),
            new Case(
                base.copy()
                    .put("startsAt", "2026-12-14T20:00:00+08:00")
                    .put("endsAt", "2026-12-15T09:00:00+08:00"),
                "endsAt",
                "out-of-range"),
            new Case(
                demo.onPeriod("2026-12-14", 6).put("mainClassroomId", demo.room(YUSHU, "专递课堂接收室")),
                "mainClassroomId",
                "not-a-main-classroom"),
            new Case(
                demo.onPeriod("2026-12-14", 6).put("teacherId", demo.users.get("student.yushu")),
                "teacherId",
                "not-a-teacher"),
            new Case(
                demo.onPeriod("2026-12-14", 6).put("receivers", new JsonArray()),
                "receivers",
                "out-of-range"),
            new Case(
                demo.onPeriod("2026-12-14", 6)
                    .put(
                        "receivers",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("classroomId", demo.room(HAIXI, "录播接收教室"))
                                    .put("classId", demo.klass(YUSHU, "八年级（1）班")))),
                "receivers[0].classId",
                "other-school"),
            new Case(
                demo.onPeriod("2026-12-14", 6).put("subject", "alchemy"), "subject", "not-allowed"),
            new Case(
                demo.onPeriod("2026-12-14", 6).put("colour", "red"), "colour", "unknown-field"),
            new Case(
                demo.onPeriod("2026-12-14", 6).put("title", "x".repeat(201)), "title", "too-long"));
    for (Case c : cases) {
      Api.Response r = api.post("/api/v1/sessions", coordinator(), c.body());
      assertProblem(r, 400, "validation-failed");
      assertThat(r.json().getJsonArray("errors"))
          .as("%s", r)
          .anySatisfy(
              e -> {
                JsonObject err = (JsonObject) e;
                assertThat(err.getString("field")).isEqualTo(c.field());
                assertThat(err.getString("code")).isEqualTo(c.code());
              });
    }
    // a huge series is refused whole
    Api.Response term =
        api.post(
            "/api/v1/terms",
            coordinator(),
            new JsonObject()
                .put("groupId", demo.groupId)
                .put("name", "2027 春季学期（长）")
                .put("firstDay", "2027-02-20")
                .put("lastDay", "2027-08-20"));
    assertThat(term.status()).as("%s", term).isEqualTo(201);
    Api.Response huge =
        api.post(
            "/api/v1/series",
            coordinator(),
            demo.physicsToHaixi()
                .put("termId", term.json().getString("id"))
                .put("weekdays", new JsonArray().add(1).add(2).add(3).add(4).add(5))
                .put("period", 6));
    assertProblem(huge, 400, "series-too-large");
    assertProblem(
        api.postRaw(
            "/api/v1/sessions", coordinator(), "application/json", "{\"termId\": ".getBytes()),
        400,
        "bad-json");
    assertThat(groupSessions("2026-09-01", "2027-01-22")).isEqualTo(before);
  }

  @Test
  @DisplayName(
      "a start written in another offset is the same instant: +06:00 08:00 is Beijing 10:00")
  void offsetsAreInstants() {
    Api.Response r =
        api.post(
            "/api/v1/sessions",
            coordinator(),
            demo.physicsToHaixi()
                .put("startsAt", "2026-12-16T11:00:00+06:00")
                .put("endsAt", "2026-12-16T05:45:00Z"));
    assertThat(r.status()).as("%s", r).isEqualTo(201);
    assertThat(r.json().getString("localStart")).isEqualTo("13:00");
    assertThat(r.json().getString("localEnd")).isEqualTo("13:45");
    assertThat(r.json().getString("day")).isEqualTo("2026-12-16");
    assertThat(r.json().getValue("period")).isNull();
  }

  @Test
  @DisplayName(
      "a classroom or teacher of another group is unknown; another group's coordinator cannot see ours")
  void otherGroups() {
    String admin = demo.token("admin");
    String g2 =
        api.post("/api/v1/groups", admin, new JsonObject().put("name", "海东教育集团"))
            .json()
            .getString("id");
    String s2 =
        api.post(
                "/api/v1/schools",
                admin,
                new JsonObject()
                    .put("groupId", g2)
                    .put("name", "海东市第一中学")
                    .put("region", new JsonObject().put("prefecture", "海东市").put("county", "乐都区"))
                    .put("setting", "urban"))
            .json()
            .getString("id");
    String room2 =
        api.post(
                "/api/v1/schools/" + s2 + "/classrooms",
                admin,
                new JsonObject().put("name", "接收教室 1").put("kind", "receiving").put("capacity", 40))
            .json()
            .getString("id");
    JsonObject body = demo.onPeriod("2026-12-17", 6);
    body.getJsonArray("receivers").getJsonObject(0).put("classroomId", room2);
    Api.Response r = api.post("/api/v1/sessions", coordinator(), body);
    assertProblem(r, 400, "validation-failed");
    assertThat(r.json().getJsonArray("errors").getJsonObject(0).getString("code"))
        .isEqualTo("unknown-classroom");

    Api.Response acct =
        api.post(
            "/api/v1/users",
            admin,
            new JsonObject()
                .put("username", "coordinator.haidong")
                .put("displayName", "海东协调员")
                .put("role", "coordinator")
                .put("schoolId", s2)
                .put("password", "haidong-coordinator-1"));
    assertThat(acct.status()).as("%s", acct).isIn(200, 201);
    String other = api.login("coordinator.haidong", "haidong-coordinator-1");
    String ours =
        timetable("group", demo.groupId, "2026-12-01", "2026-12-01")
            .getJsonObject(0)
            .getString("id");
    assertProblem(api.get("/api/v1/sessions/" + ours, other), 404, "session-not-found");
    assertProblem(
        api.get("/api/v1/timetable?scope=group&id=" + demo.groupId, other), 404, "group-not-found");
    assertProblem(
        api.request("DELETE", "/api/v1/sessions/" + ours, other), 404, "session-not-found");
    assertProblem(api.get("/api/v1/terms/" + demo.termId, other), 404, "term-not-found");
    assertProblem(
        api.post("/api/v1/sessions", other, demo.onPeriod("2026-12-17", 6)),
        400,
        "validation-failed");
  }

  @Test
  @DisplayName("pupils read only their own classes' sessions; staff read the group")
  void entitlements() {
    String pupil = demo.token("student.yushu");
    assertProblem(
        api.get("/api/v1/timetable?scope=group&id=" + demo.groupId, pupil), 403, "forbidden");
    JsonArray mine = api.get("/api/v1/me/timetable?from=2026-11-30&to=2026-12-06", pupil).items();
    assertThat(mine.stream().map(o -> ((JsonObject) o).getString("subject")))
        .containsOnly("maths", "english");
    String physics =
        timetable("group", demo.groupId, "2026-11-30", "2026-11-30").stream()
            .map(o -> (JsonObject) o)
            .filter(s -> s.getString("subject").equals("physics"))
            .findFirst()
            .orElseThrow()
            .getString("id");
    assertProblem(api.get("/api/v1/sessions/" + physics, pupil), 404, "session-not-found");
    assertThat(api.get("/api/v1/sessions/" + physics, demo.token("student.haixi")).status())
        .isEqualTo(200);
    assertThat(
            api.get(
                    "/api/v1/timetable?scope=school&id=" + demo.schools.get(YUSHU),
                    demo.token("teacher.haixi"))
                .status())
        .isEqualTo(200);
  }

  @Test
  @DisplayName(
      "terms and period grids refuse reversed days, holidays outside the term and overlapping periods")
  void termAndGridRules() {
    Api.Response reversed =
        api.post(
            "/api/v1/terms",
            coordinator(),
            new JsonObject()
                .put("groupId", demo.groupId)
                .put("name", "倒置学期")
                .put("firstDay", "2027-07-01")
                .put("lastDay", "2027-03-01"));
    assertProblem(reversed, 400, "validation-failed");
    Api.Response outside =
        api.post(
            "/api/v1/terms",
            coordinator(),
            new JsonObject()
                .put("groupId", demo.groupId)
                .put("name", "假期在外")
                .put("firstDay", "2027-03-01")
                .put("lastDay", "2027-06-30")
                .put("holidays", new JsonArray().add(new JsonObject().put("from", "2027-07-04"))));
    assertProblem(outside, 400, "validation-failed");
    assertThat(outside.json().getJsonArray("errors").getJsonObject(0).getString("code"))
        .isEqualTo("outside-term");

    String school = demo.schools.get(HAIXI);
    JsonObject grid =
        new JsonObject()
            .put(
                "periods",
                new JsonArray()
                    .add(
                        new JsonObject()
                            .put("period", 1)
                            .put("weekdays", new JsonArray().add(1))
                            .put("start", "08:00")
                            .put("end", "08:45"))
                    .add(
                        new JsonObject()
                            .put("period", 2)
                            .put("weekdays", new JsonArray().add(1))
                            .put("start", "08:40")
                            .put("end", "09:25")));
    Api.Response overlap =
        api.sendRaw(
            "PUT",
            "/api/v1/schools/" + school + "/periods",
            coordinator(),
            "application/json",
            grid.encode().getBytes());
    assertProblem(overlap, 400, "validation-failed");
    assertThat(overlap.json().getJsonArray("errors").getJsonObject(0).getString("code"))
        .isEqualTo("overlapping-periods");
    // the grid is unchanged
    assertThat(
            api.get("/api/v1/schools/" + school + "/periods", coordinator())
                .json()
                .getJsonArray("periods"))
        .hasSize(30);
  }
}
