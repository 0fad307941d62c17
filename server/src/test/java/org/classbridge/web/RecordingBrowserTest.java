package org.classbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
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
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * 录播 in real Chromium with its fake camera and microphone: the teacher records the live maths
 * class, the link drops as the recording stops (the upload fails, the recording stays in the
 * browser), the page is reloaded, the dashboard resumes the upload, the media pipeline converts it,
 * and the lesson plays with a comment pinned to a moment. Skipped, and saying so, without Chromium.
 */
class RecordingBrowserTest {
  @TempDir static Path data;
  static Classbridge app;

  @BeforeAll
  static void start() throws Exception {
    Chromium.skipUnlessInstalled();
    app =
        Classbridge.start(
            TestApp.config(data, Map.of(Setting.MEDIA_CONCURRENCY, "1")),
            new MutableClock(DemoClasses.MATHS_10_05));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  static void network(ChromeDriver browser, boolean offline) {
    browser.executeCdpCommand("Network.enable", Map.of());
    browser.executeCdpCommand(
        "Network.emulateNetworkConditions",
        Map.of("offline", offline, "latency", 0, "downloadThroughput", -1, "uploadThroughput", -1));
    // the page's own requests must see the change before the test goes on: a stop clicked while
    // a fetch still reaches the server uploads at once, and there is no "pending" to wait for
    new WebDriverWait(browser, Duration.ofSeconds(10)).until(d -> reachable(browser) != offline);
  }

  static boolean reachable(ChromeDriver browser) {
    return Boolean.TRUE.equals(
        browser.executeAsyncScript(
            "const done = arguments[arguments.length - 1];"
                + "fetch('/health/live', {cache: 'no-store'}).then(() => done(true), () => done(false));"));
  }

  @Test
  @DisplayName(
      "a recorded class survives a dropped link and a reload, is converted, and plays with a time-coded comment")
  void recordDropReloadConvertCritique() throws Exception {
    Api api = new Api(app.port());
    String session = DemoClasses.maths(api);
    ChromeDriver browser = Chromium.start(data, Chromium.FAKE_CLASSROOM);
    String base = "http://127.0.0.1:" + app.port();
    try {
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
      wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
      Function<String, WebElement> byTest =
          hook ->
              wait.until(
                  ExpectedConditions.visibilityOfElementLocated(
                      By.cssSelector("[data-test='" + hook + "']")));
      browser.get(base + "/");
      byTest.apply("login-username").sendKeys("teacher.xining");
      byTest.apply("login-password").sendKeys("classbridge");
      byTest.apply("login-submit").click();
      byTest.apply("dashboard-teacher");
      browser.get(base + "/#/class/" + session);
      byTest.apply("live-record").click();
      WebElement state = byTest.apply("live-record-state");
      wait.until(d -> state.getText().startsWith("● 00:06"));

      // the link drops just as the class ends: the recording stays in this browser
      network(browser, true);
      byTest.apply("live-record").click();
      try {
        wait.until(d -> "pending".equals(state.getDomAttribute("data-state")));
      } catch (org.openqa.selenium.TimeoutException e) {
        throw new AssertionError(
            "the stopped recording is not kept for later: the page shows '"
                + state.getText()
                + "' (data-state "
                + state.getDomAttribute("data-state")
                + ")",
            e);
      }
      network(browser, false);

      // the next morning: the teacher opens Classbridge, the upload resumes on its own
      browser.navigate().refresh();
      browser.get(base + "/");
      WebElement card = byTest.apply("recordings-state");
      new WebDriverWait(browser, Duration.ofSeconds(60))
          .until(d -> "uploaded".equals(card.getDomAttribute("data-state")));
      String teacher = api.login("teacher.xining", "classbridge");
      JsonObject recording =
          api.get("/api/v1/sessions/" + session + "/recordings", teacher)
              .json()
              .getJsonArray("items")
              .getJsonObject(0);
      String resource = recording.getString("resourceId");
      // converted by the media pipeline
      new WebDriverWait(browser, Duration.ofSeconds(180))
          .pollingEvery(Duration.ofSeconds(1))
          .until(
              d ->
                  api.get("/api/v1/resources/" + resource + "/media", teacher)
                      .json()
                      .getBoolean("ready", false));

      // it plays in the library; a comment is pinned to the moment the player stands at
      byTest.apply("library-open").click();
      // the draft is among the teacher's own resources (once the first listing has drawn)
      byTest.apply("lib-item");
      byTest.apply("lib-mine").click();
      WebElement item =
          wait.until(
              d ->
                  d.findElements(By.cssSelector("[data-test='lib-item']")).stream()
                      .filter(e -> e.getText().contains("录播"))
                      .findFirst()
                      .orElse(null));
      item.findElement(By.cssSelector("[data-test='lib-play']")).click();
      WebElement player = byTest.apply("lib-player");
      JavascriptExecutor js = (JavascriptExecutor) browser;
      js.executeScript("arguments[0].muted = true; arguments[0].play();", player);
      wait.until(
          d ->
              ((Number) js.executeScript("return arguments[0].currentTime", player)).doubleValue()
                  > 2.0);
      js.executeScript("arguments[0].pause();", player);
      byTest.apply("critique-text").sendKeys("板书清楚");
      new org.openqa.selenium.support.ui.Select(byTest.apply("critique-criterion"))
          .selectByValue("process");
      byTest.apply("critique-add").click();
      WebElement comment = byTest.apply("critique-item");
      assertThat(comment.getText()).contains("板书清楚").containsPattern("00:0[2-9]");
      js.executeScript("arguments[0].currentTime = 0;", player);
      comment.findElement(By.cssSelector("[data-test='critique-seek']")).click();
      wait.until(
          d ->
              ((Number) js.executeScript("return arguments[0].currentTime", player)).doubleValue()
                  >= 2.0);
      // the teacher trims it to the lesson: converted again, the part kept is what plays
      byTest.apply("trim").findElement(By.tagName("summary")).click();
      byTest.apply("trim-start").sendKeys("1");
      byTest.apply("trim-end").sendKeys("4");
      byTest.apply("trim-save").click();
      wait.until(d -> "queued".equals(byTest.apply("trim-status").getDomAttribute("data-state")));
      new WebDriverWait(browser, Duration.ofSeconds(120))
          .pollingEvery(Duration.ofSeconds(1))
          .until(
              d -> {
                JsonObject m = api.get("/api/v1/resources/" + resource + "/media", teacher).json();
                return "done".equals(m.getString("state"))
                    && m.getDouble("durationSeconds", 99.0) < 3.5;
              });
      // and marks its chapters, which the player's timeline then has
      WebElement chapters = byTest.apply("chapters");
      chapters.findElement(By.tagName("summary")).click();
      byTest.apply("chapters-text").sendKeys("00:00 导入\n00:01 新授");
      byTest.apply("chapters-save").click();
      wait.until(
          d -> "saved".equals(byTest.apply("chapters-status").getDomAttribute("data-state")));
      assertThat(
              api.get("/api/v1/resources/" + resource + "/media", teacher)
                  .json()
                  .getJsonObject("links")
                  .getString("chapters"))
          .endsWith("chapters.vtt");
      Files.write(
          Files.createDirectories(Path.of("target/test-artifacts")).resolve("recorded-lesson.png"),
          ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    } finally {
      browser.quit();
    }
  }
}
