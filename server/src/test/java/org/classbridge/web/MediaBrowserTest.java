package org.classbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.testing.Chromium;
import org.classbridge.testing.Clips;
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
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The media pipeline in real Chromium: a teacher uploads a clip, watches its conversion progress,
 * and it plays through hls.js from the lowest rung up. Skipped, and saying so, without Chromium.
 */
class MediaBrowserTest {
  @TempDir static Path data;
  @TempDir static Path clips;
  static Classbridge app;

  @BeforeAll
  static void start() throws Exception {
    Chromium.skipUnlessInstalled();
    app = TestApp.start(data, Map.of(Setting.MEDIA_CONCURRENCY, "1"));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @Test
  @DisplayName(
      "a teacher uploads a clip, sees it convert, and it plays through hls.js starting on the lowest rung")
  void uploadConvertPlayThroughHlsJs() throws Exception {
    Path clip = Files.write(clips.resolve("lesson.mp4"), Clips.video(clips, 640, 360, 8, true));
    WebDriver browser = Chromium.start(data, List.of("--autoplay-policy=no-user-gesture-required"));
    try {
      WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
      wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
      browser.get("http://127.0.0.1:" + app.port() + "/");
      java.util.function.Function<String, WebElement> byTest =
          hook ->
              wait.until(
                  ExpectedConditions.visibilityOfElementLocated(
                      By.cssSelector("[data-test='" + hook + "']")));
      byTest.apply("login-username").sendKeys("teacher.xining");
      byTest.apply("login-password").sendKeys("classbridge");
      byTest.apply("login-submit").click();
      byTest.apply("library-open").click();
      byTest.apply("lib-new-title").sendKeys("勾股定理 · HLS");
      new Select(byTest.apply("lib-new-kind")).selectByValue("lesson-video");
      byTest.apply("lib-new-create").click();
      WebElement item = item(wait, "勾股定理 · HLS");
      item.findElement(By.cssSelector("[data-test='lib-upload']")).click();
      byTest.apply("lib-file").sendKeys(clip.toString());
      byTest.apply("lib-upload-start").click();

      // the conversion's progress, pushed by the server as it happens
      byTest.apply("media-panel");
      java.util.Set<String> seen = new java.util.HashSet<>();
      wait.withTimeout(Duration.ofSeconds(120))
          .until(
              d -> {
                List<WebElement> panels =
                    d.findElements(By.cssSelector("[data-test='media-panel']"));
                for (WebElement p : panels) {
                  seen.add(p.getDomAttribute("data-state") + "/" + p.getDomAttribute("data-stage"));
                }
                // once ready the list is drawn again, without the panel
                return panels.isEmpty();
              });
      assertThat(seen).as("progress shown: %s", seen).anyMatch(s -> s.startsWith("running/"));
      Files.write(
          Path.of("target/test-artifacts").resolve("media-converted.png"),
          ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));

      item(wait, "勾股定理 · HLS").findElement(By.cssSelector("[data-test='lib-play']")).click();
      WebElement player = byTest.apply("lib-player");
      WebElement shell = player.findElement(By.xpath(".."));
      assertThat(shell.getDomAttribute("data-engine")).isEqualTo("hls.js");
      JavascriptExecutor js = (JavascriptExecutor) browser;
      js.executeScript("arguments[0].muted = true; arguments[0].play();", player);
      wait.until(d -> "1".equals(shell.getDomAttribute("data-buffered")));
      wait.until(
          d ->
              ((Number) js.executeScript("return arguments[0].currentTime", player)).doubleValue()
                  > 1.0);
      assertThat(shell.getDomAttribute("data-error")).isNull();
      // it started on the lowest rung: the first level hls.js switched to is level 0 (240p)
      assertThat(
              ((Number)
                      js.executeScript(
                          "return performance.getEntriesByType('resource')"
                              + ".filter(e => e.name.includes('/240p/seg_')).length"))
                  .intValue())
          .isPositive();
      assertThat(
              (String)
                  js.executeScript(
                      "return performance.getEntriesByType('resource')"
                          + ".map(e => e.name).find(n => n.includes('/seg_'))"))
          .contains("/240p/");
      // a teacher holds 360p for the projector
      Select quality = new Select(byTest.apply("media-quality"));
      quality.selectByVisibleText("360p");
      String level = quality.getFirstSelectedOption().getDomAttribute("value");
      wait.until(d -> level.equals(shell.getDomAttribute("data-level")));
      Files.write(
          Path.of("target/test-artifacts").resolve("media-hls-player.png"),
          ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    } finally {
      browser.quit();
    }
  }

  static WebElement item(WebDriverWait wait, String title) {
    return wait.until(
        d ->
            d.findElements(By.cssSelector("[data-test='lib-item']")).stream()
                .filter(e -> title.equals(e.getDomAttribute("data-title")))
                .findFirst()
                .orElse(null));
  }
}
