package org.classbridge.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.classbridge.testing.Problems.assertProblem;

import io.vertx.core.json.JsonObject;
import java.nio.file.Path;
import java.util.Map;
import org.classbridge.app.Classbridge;
import org.classbridge.testing.Api;
import org.classbridge.testing.Chromium;
import org.classbridge.testing.DemoClasses;
import org.classbridge.testing.MutableClock;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;

/**
 * Pupils in a recording (minors' data): the teacher records the live maths class while the Yushu
 * receiving classroom is connected; its picture and sound stay out of the recording until an admin
 * lets the Yushu school's rooms be recorded, and are in it after. Skipped, and saying so, without
 * Chromium.
 */
class RecordingPupilsBrowserTest {
  @TempDir static Path data;
  static Classbridge app;

  @BeforeAll
  static void start() throws Exception {
    Chromium.skipUnlessInstalled();
    app =
        Classbridge.start(
            TestApp.config(data, Map.of()), new MutableClock(DemoClasses.MATHS_10_05));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  /** Records for a few seconds once the Yushu room's media flows; the rooms the recording took. */
  static String recordWith(WebDriver teacher, String base, String session, String yushu) {
    teacher.get(base + "/");
    LiveClassBrowserTest.waitOn(teacher, 20)
        .until(d -> !d.findElements(By.cssSelector("[data-test^='dashboard-']")).isEmpty());
    teacher.get(base + "/#/class/" + session);
    LiveClassBrowserTest.flowing(teacher, yushu, 40);
    teacher.findElement(By.cssSelector("[data-test='live-record']")).click();
    WebElement state = teacher.findElement(By.cssSelector("[data-test='live-record-state']"));
    LiveClassBrowserTest.waitOn(teacher, 20).until(d -> state.getText().startsWith("● 00:04"));
    String included = state.getDomAttribute("data-included");
    teacher.findElement(By.cssSelector("[data-test='live-record']")).click();
    LiveClassBrowserTest.waitOn(teacher, 60)
        .until(d -> state.getDomAttribute("data-state") != null);
    return included == null ? "" : included;
  }

  @Test
  @DisplayName(
      "a receiving room's pupils are recorded only once their school allows it; the refusal and the switch are an admin's")
  void pupilsOnlyWithTheSchoolsConsent() throws Exception {
    Api api = new Api(app.port());
    String session = DemoClasses.maths(api);
    String yushuToken = api.login("teacher.yushu", "classbridge");
    JsonObject seat = api.get("/api/v1/sessions/" + session + "/join", yushuToken).json();
    String yushu = seat.getString("endpointId");
    assertThat(entry(seat, yushu).getBoolean("recorded")).isFalse();
    assertThat(entry(seat, seat.getString("teacherEndpoint")).getBoolean("recorded")).isTrue();

    String base = "http://127.0.0.1:" + app.port();
    WebDriver room = Chromium.start(data, Chromium.FAKE_CLASSROOM);
    WebDriver teacher = Chromium.start(data, Chromium.FAKE_CLASSROOM);
    try {
      LiveClassBrowserTest.openClass(room, base, "teacher.yushu", session, "live-roster", 20);
      LiveClassBrowserTest.logIn(teacher, base, "teacher.xining", 20);
      assertThat(recordWith(teacher, base, session, yushu))
          .as("the Yushu school has not allowed its pupils to be recorded")
          .doesNotContain(yushu);

      // only an admin changes it, and only to true or false
      String school =
          api.get("/api/v1/me/dashboard", yushuToken)
              .json()
              .getJsonObject("school")
              .getString("id");
      String admin = api.login("admin", "classbridge");
      Api.Response current = api.get("/api/v1/schools/" + school, admin);
      String etag = current.header("ETag");
      assertProblem(
          api.patch(
              "/api/v1/schools/" + school,
              api.login("coordinator", "classbridge"),
              etag,
              new JsonObject().put("recordPupils", true)),
          403,
          "forbidden");
      assertProblem(
          api.patch(
              "/api/v1/schools/" + school,
              admin,
              etag,
              new JsonObject().put("recordPupils", "yes")),
          400,
          "validation-failed");
      Api.Response allowed =
          api.patch(
              "/api/v1/schools/" + school, admin, etag, new JsonObject().put("recordPupils", true));
      assertThat(allowed.status()).as("%s", allowed).isEqualTo(200);
      assertThat(allowed.json().getBoolean("recordPupils")).isTrue();
      JsonObject again = api.get("/api/v1/sessions/" + session + "/join", yushuToken).json();
      assertThat(entry(again, yushu).getBoolean("recorded")).isTrue();

      // the teacher's page, opened again, records the Yushu room too
      assertThat(recordWith(teacher, base, session, yushu)).contains(yushu);
    } finally {
      teacher.quit();
      room.quit();
    }
  }

  private static JsonObject entry(JsonObject join, String endpoint) {
    return join.getJsonArray("endpoints").stream()
        .map(JsonObject.class::cast)
        .filter(e -> e.getString("endpointId").equals(endpoint))
        .findFirst()
        .orElseThrow();
  }
}
