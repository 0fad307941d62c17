package org.classbridge.home;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import org.classbridge.app.Classbridge;
import org.classbridge.testing.Api;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each role's home screen in one request. */
class HomeApiTest {
  @TempDir static Path data;
  static Classbridge app;
  static Api api;

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start(data);
    api = new Api(app.port());
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static JsonObject dashboard(String username) {
    Api.Response r = api.get("/api/v1/me/dashboard", api.login(username, "classbridge"));
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return r.json();
  }

  @Test
  @DisplayName("a teacher gets their classes with members and their school's classrooms")
  void teacher() {
    JsonObject d = dashboard("teacher.yushu");
    assertThat(d.getJsonObject("user").getString("username")).isEqualTo("teacher.yushu");
    assertThat(d.getJsonObject("school").getString("name")).isEqualTo("玉树州通天河寄宿学校");
    JsonArray classes = d.getJsonArray("classes");
    assertThat(classes).hasSize(1);
    assertThat(
            classes.getJsonObject(0).getJsonArray("members").stream()
                .map(o -> ((JsonObject) o).getString("username")))
        .contains("student.yushu", "student.yushu2", "teacher.yushu");
    assertThat(d.getJsonArray("classrooms")).isNotEmpty();
    assertThat(d.containsKey("schools")).isFalse();
  }

  @Test
  @DisplayName(
      "a coordinator gets the group's schools with their classrooms; a pupil only their own")
  void coordinatorAndPupil() {
    JsonObject d = dashboard("coordinator");
    JsonArray schools = d.getJsonArray("schools");
    assertThat(schools).hasSize(4);
    assertThat(
            schools.stream()
                .mapToInt(o -> ((JsonObject) o).getJsonArray("classrooms").size())
                .sum())
        .isGreaterThanOrEqualTo(4);
    JsonObject pupil = dashboard("student.guoluo");
    assertThat(pupil.getJsonArray("classes")).hasSize(1);
    assertThat(pupil.getJsonArray("classes").getJsonObject(0).containsKey("members")).isFalse();
    assertThat(pupil.containsKey("schools")).isFalse();
    assertThat(pupil.containsKey("classrooms")).isFalse();
  }

  @Test
  @DisplayName(
      "the home screen carries this week's timetable and the booking form's choices, no second request")
  void timetableInTheDashboard() {
    JsonObject coordinator = dashboard("coordinator").getJsonObject("timetable");
    assertThat(coordinator.getJsonArray("pairings")).hasSize(3);
    assertThat(coordinator.getJsonArray("terms")).hasSize(1);
    assertThat(coordinator.getJsonObject("school").getJsonArray("periods")).isNotEmpty();
    assertThat(coordinator.getJsonObject("school").getJsonArray("sessions")).isNotNull();
    JsonObject teacher = dashboard("teacher.yushu").getJsonObject("timetable");
    assertThat(teacher.getString("from")).isNotNull();
    assertThat(teacher.getJsonArray("sessions")).isNotNull();
    assertThat(teacher.containsKey("pairings")).isFalse();
  }
}
