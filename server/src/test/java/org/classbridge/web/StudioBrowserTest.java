package org.classbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.classbridge.app.Classbridge;
import org.classbridge.testing.Api;
import org.classbridge.testing.Chromium;
import org.classbridge.testing.MutableClock;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Co-preparation in two real Chromium windows: the lead in Xining and a member in Guoluo write the
 * same lesson plan, one comments on a paragraph, the other's stale save is reported and merged, and
 * the plan is made final. Skipped, and saying so, without Chromium.
 */
class StudioBrowserTest {
  @TempDir static Path data;
  static Classbridge app;
  static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-01T01:50:00Z"));

  @BeforeAll
  static void start() throws Exception {
    Chromium.skipUnlessInstalled();
    app = Classbridge.start(TestApp.config(data, Map.of()), CLOCK);
    Api api = new Api(app.port());
    String lead =
        api.get("/api/v1/me", api.login("teacher.xining", "classbridge"))
            .json()
            .getJsonObject("user")
            .getString("id");
    JsonObject studio =
        api.post(
                "/api/v1/studios",
                api.login("coordinator", "classbridge"),
                new JsonObject()
                    .put("name", "初中数学名师工作室")
                    .put("subject", "maths")
                    .put("stage", "junior")
                    .put("leadId", lead))
            .json();
    api.post(
        "/api/v1/studios/" + studio.getString("id") + "/members",
        api.login("teacher.xining", "classbridge"),
        new JsonObject().put("username", "teacher.guoluo"));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  record Page(WebDriver browser, WebDriverWait waiter, Function<String, WebElement> byTest) {}

  static Page open(String user) throws Exception {
    return open(user, List.of());
  }

  static Page open(String user, List<String> flags) throws Exception {
    WebDriver browser = Chromium.start(data, flags);
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    Function<String, WebElement> byTest =
        hook ->
            wait.until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("[data-test='" + hook + "']")));
    browser.get("http://127.0.0.1:" + app.port() + "/");
    byTest.apply("login-username").sendKeys(user);
    byTest.apply("login-password").sendKeys("classbridge");
    byTest.apply("login-submit").click();
    byTest.apply("studio-open").click();
    byTest.apply("studio-item").findElement(By.tagName("button")).click();
    byTest.apply("studio-title");
    return new Page(browser, wait, byTest);
  }

  static void type(WebElement area, String text) {
    area.clear();
    area.sendKeys(text);
  }

  @Test
  @DisplayName(
      "two teachers co-edit a lesson plan: a comment on a paragraph, a reply, a stale save reported and merged, the final version published")
  void twoTeachersCoEdit() throws Exception {
    Page lead = open("teacher.xining");
    Page member = null;
    try {
      lead.byTest().apply("plan-title").sendKeys("勾股定理（第一课时）");
      lead.byTest().apply("plan-create").click();
      type(lead.byTest().apply("plan-goals-zh"), "理解勾股定理\n会用勾股定理解决简单问题");
      lead.byTest().apply("plan-save").click();
      lead.waiter()
          .until(
              d ->
                  d.findElements(By.cssSelector("[data-test='paragraph']")).size() == 2
                      && d.findElement(By.cssSelector("[data-test='plan-versions']"))
                          .getText()
                          .contains("v2"));

      // the member in Guoluo opens the same plan, writes the difficulties in Tibetan, comments
      member = open("teacher.guoluo");
      member.byTest().apply("plan-item").findElement(By.tagName("button")).click();
      type(member.byTest().apply("plan-difficulties-bo"), "བདེན་དཔང་གི་བསམ་བློ།");
      member.byTest().apply("plan-save").click();
      Page m = member;
      m.waiter()
          .until(
              d ->
                  d.findElement(By.cssSelector("[data-test='plan-versions']"))
                      .getText()
                      .contains("v3"));
      WebElement second =
          m.browser()
              .findElements(By.cssSelector("[data-test='plan-part-goals'] [data-test='paragraph']"))
              .get(1);
      second.findElement(By.cssSelector("[data-test='comment-input']")).sendKeys("牧区学生先用实物三角板");
      second.findElement(By.cssSelector("[data-test='comment-send']")).click();
      m.waiter().until(d -> d.findElements(By.cssSelector("[data-test='comment']")).size() == 1);

      // the lead, still on version 2, saves the homework: told, the typed text kept
      type(lead.byTest().apply("plan-homework-zh"), "课本习题 1、2");
      lead.byTest().apply("plan-save").click();
      assertThat(lead.byTest().apply("plan-conflict").getText()).contains("3");
      assertThat(lead.byTest().apply("plan-homework-zh").getDomProperty("value"))
          .isEqualTo("课本习题 1、2");
      lead.byTest().apply("plan-open-latest").click();
      lead.waiter()
          .until(
              d ->
                  d.findElement(By.cssSelector("[data-test='plan-difficulties-bo']"))
                      .getDomProperty("value")
                      .equals("བདེན་དཔང་གི་བསམ་བློ།"));
      // the comment is there; the lead replies and saves the homework on top of version 3
      WebElement paragraph =
          lead.browser()
              .findElements(By.cssSelector("[data-test='plan-part-goals'] [data-test='paragraph']"))
              .get(1);
      assertThat(paragraph.findElement(By.cssSelector("[data-test='comment']")).getText())
          .contains("牧区学生先用实物三角板");
      paragraph.findElement(By.cssSelector("[data-test='comment-input']")).sendKeys("好，放进教学过程");
      paragraph.findElement(By.cssSelector("[data-test='comment-reply']")).click();
      lead.waiter().until(d -> d.findElements(By.cssSelector("[data-test='comment']")).size() == 2);
      assertThat(lead.browser().findElements(By.cssSelector("li.reply[data-test='comment']")))
          .hasSize(1);
      type(lead.byTest().apply("plan-homework-zh"), "课本习题 1、2");
      lead.byTest().apply("plan-save").click();
      lead.waiter()
          .until(
              d ->
                  d.findElement(By.cssSelector("[data-test='plan-versions']"))
                      .getText()
                      .contains("v4"));
      lead.byTest().apply("plan-final").click();
      assertThat(lead.byTest().apply("plan-published").getText()).contains("v4");
      assertThat(lead.byTest().apply("plan-homework-zh").isEnabled()).isFalse();
      // the lead's research record of the term counts the plan
      lead.browser().get("http://127.0.0.1:" + app.port() + "/");
      lead.byTest().apply("studio-open").click();
      lead.byTest().apply("research-record-open").click();
      assertThat(lead.byTest().apply("rr-title").getText()).contains("王明");
      assertThat(lead.byTest().apply("rr-plansFinal").getText()).contains("1");
      Path artifacts = Files.createDirectories(Path.of("target/test-artifacts"));
      Files.write(
          artifacts.resolve("studio-lesson-plan.png"),
          ((TakesScreenshot) lead.browser()).getScreenshotAs(OutputType.BYTES));
    } finally {
      lead.browser().quit();
      if (member != null) {
        member.browser().quit();
      }
    }
  }

  static void set(Page p, String hook, String value) {
    ((org.openqa.selenium.JavascriptExecutor) p.browser())
        .executeScript("arguments[0].value = arguments[1]", p.byTest().apply(hook), value);
  }

  @Test
  @DisplayName(
      "a research session: the lead books it on the studio page (a clash with a class is shown, nothing booked), and lead and colleague meet in its live room")
  void researchSession() throws Exception {
    Page lead = open("teacher.xining", Chromium.FAKE_CLASSROOM);
    Page member = null;
    try {
      // at the time of the lead's own maths class: refused, the clash named
      set(lead, "research-day", "2026-12-01");
      set(lead, "research-start", "10:00");
      lead.byTest().apply("research-book").submit();
      lead.byTest().apply("research-conflict");
      assertThat(lead.browser().findElements(By.cssSelector("[data-test='research-session']")))
          .isEmpty();
      // Wednesday 19:00 in Xining: booked, listed
      set(lead, "research-day", "2026-12-02");
      set(lead, "research-start", "19:00");
      lead.byTest().apply("research-title").sendKeys("《勾股定理》说课研讨");
      lead.byTest().apply("research-book").submit();
      assertThat(lead.byTest().apply("research-session").getText()).contains("说课研讨");

      // the evening comes: the colleague in Guoluo opens it from the studio page
      CLOCK.advance(Duration.between(CLOCK.instant(), Instant.parse("2026-12-02T11:05:00Z")));
      member = open("teacher.guoluo", Chromium.FAKE_CLASSROOM);
      member.byTest().apply("research-open").click();
      member.byTest().apply("live-roster");
      member.waiter().until(d -> d.findElement(By.tagName("body")).getText().contains("教研教师"));
      // the lead signs in again that evening (a day later, yesterday's sign-in has expired)
      lead.browser().quit();
      lead = open("teacher.xining", Chromium.FAKE_CLASSROOM);
      lead.byTest().apply("research-open").click();
      String teacherEndpoint =
          lead.waiter()
              .until(
                  d ->
                      d.findElements(By.cssSelector("[data-test='live-roster-entry']")).stream()
                          .map(e -> e.getAttribute("data-endpoint"))
                          .filter(e -> e != null && e.startsWith("m-"))
                          .findFirst()
                          .orElse(null));
      String colleague =
          member
              .waiter()
              .until(
                  d ->
                      d.findElements(By.cssSelector("[data-test='live-roster-entry']")).stream()
                          .map(e -> e.getAttribute("data-endpoint"))
                          .filter(e -> e != null && e.startsWith("r-"))
                          .findFirst()
                          .orElse(null));
      // media flows both ways: the colleague is a participant, not a pupil's classroom
      LiveClassBrowserTest.flowing(member.browser(), teacherEndpoint, 30);
      LiveClassBrowserTest.flowing(lead.browser(), colleague, 30);
      Path artifacts = Files.createDirectories(Path.of("target/test-artifacts"));
      Files.write(
          artifacts.resolve("studio-research-session.png"),
          ((TakesScreenshot) member.browser()).getScreenshotAs(OutputType.BYTES));
    } finally {
      CLOCK.advance(Duration.between(CLOCK.instant(), Instant.parse("2026-12-01T01:50:00Z")));
      lead.browser().quit();
      if (member != null) {
        member.browser().quit();
      }
    }
  }
}
