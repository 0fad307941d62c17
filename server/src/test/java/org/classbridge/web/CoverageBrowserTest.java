package org.classbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.classbridge.app.Classbridge;
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
 * The coverage heat map in real Chromium: the coordinator opens it on the demo term and sees the
 * receiving schools, with the pastoral school's missing music as a gap. Skipped, and saying so,
 * without Chromium.
 */
class CoverageBrowserTest {
  @TempDir static Path data;
  static Classbridge app;

  @BeforeAll
  static void start() throws Exception {
    Chromium.skipUnlessInstalled();
    app =
        Classbridge.start(
            TestApp.config(data, Map.of()),
            new MutableClock(Instant.parse("2026-12-01T01:50:00Z")));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  /** The element with {@code data-test=hook}, once it is visible. */
  static WebElement visible(WebDriverWait wait, String hook) {
    return wait.until(
        ExpectedConditions.visibilityOfElementLocated(
            By.cssSelector("[data-test='" + hook + "']")));
  }

  /** Logs {@code user} in and opens the coverage card; the wait the test goes on with. */
  static WebDriverWait openCoverage(WebDriver browser, String user) {
    WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    browser.get("http://127.0.0.1:" + app.port() + "/");
    visible(wait, "login-username").sendKeys(user);
    visible(wait, "login-password").sendKeys("classbridge");
    visible(wait, "login-submit").click();
    visible(wait, "coverage-open").click();
    return wait;
  }

  @Test
  @DisplayName(
      "the coordinator opens the coverage heat map: receiving schools, gaps in red, numbers")
  void coordinatorSeesTheGroupsGaps() throws Exception {
    WebDriver browser = Chromium.start(data, List.of());
    try {
      WebDriverWait wait = openCoverage(browser, "coordinator");
      java.util.function.Function<String, WebElement> byTest = hook -> visible(wait, hook);
      wait.until(d -> d.findElements(By.cssSelector("[data-test='coverage-row']")).size() == 3);
      List<WebElement> rows = browser.findElements(By.cssSelector("[data-test='coverage-row']"));
      assertThat(rows.stream().map(WebElement::getText))
          .anyMatch(t -> t.startsWith("果洛州雪莲牧区学校"))
          .noneMatch(t -> t.startsWith("西宁市课桥实验中学"));
      WebElement guoluo =
          rows.stream().filter(r -> r.getText().startsWith("果洛州雪莲牧区学校")).findFirst().orElseThrow();
      WebElement music =
          guoluo.findElement(By.cssSelector("[data-test='coverage-cell'][data-subject='music']"));
      assertThat(music.getDomAttribute("data-state")).isEqualTo("gap");
      assertThat(music.getText()).matches("0/\\d+ −\\d+");
      assertThat(music.getCssValue("background-color")).isEqualTo("rgba(246, 198, 194, 1)");
      WebElement chinese =
          guoluo.findElement(By.cssSelector("[data-test='coverage-cell'][data-subject='chinese']"));
      assertThat(chinese.getDomAttribute("data-state")).isEqualTo("covered");
      ((org.openqa.selenium.JavascriptExecutor) browser)
          .executeScript("arguments[0].scrollIntoView()", byTest.apply("coverage"));
      Path artifacts = Files.createDirectories(Path.of("target/test-artifacts"));
      Files.write(
          artifacts.resolve("coverage-heat-map.png"),
          ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    } finally {
      browser.quit();
    }
  }

  @Test
  @DisplayName(
      "the coordinator closes a gap from its cell (a proposal booked as a weekly series), then opens the printable term report with its charts, in Tibetan too")
  void coordinatorClosesAGapAndPrintsTheReport() throws Exception {
    org.openqa.selenium.chrome.ChromeDriver browser = Chromium.start(data, List.of());
    try {
      WebDriverWait wait = openCoverage(browser, "coordinator");
      java.util.function.Function<String, WebElement> byTest = hook -> visible(wait, hook);
      wait.until(d -> d.findElements(By.cssSelector("[data-test='coverage-row']")).size() == 3);
      By guoluoIt =
          By.xpath(
              "//tr[@data-test='coverage-row'][starts-with(normalize-space(.), '果洛州雪莲牧区学校')]"
                  + "/td[@data-subject='information-technology']");
      String before = browser.findElement(guoluoIt).getText();
      int gapBefore = Integer.parseInt(before.replaceAll(".*−", "").trim());
      browser.findElement(guoluoIt).findElement(By.cssSelector("[data-test='close-gap']")).click();
      wait.until(d -> !d.findElements(By.cssSelector("[data-test='gap-proposal']")).isEmpty());
      assertThat(byTest.apply("gap-need").getText()).contains(Integer.toString(gapBefore));
      WebElement first = browser.findElements(By.cssSelector("[data-test='gap-proposal']")).get(0);
      assertThat(first.getText()).contains("王明");
      int free =
          Integer.parseInt(first.findElements(By.tagName("td")).get(4).getText().split("/")[0]);
      first.findElement(By.cssSelector("[data-test='gap-book']")).click();
      WebElement booked = byTest.apply("gap-booked");
      assertThat(booked.getText()).contains(Integer.toString(free));
      // the matrix is drawn again: the gap is smaller by the weeks booked
      wait.until(
          d -> {
            String now = d.findElement(guoluoIt).getText();
            int gap = now.contains("−") ? Integer.parseInt(now.replaceAll(".*−", "").trim()) : 0;
            return gap == Math.max(0, gapBefore - free);
          });

      // the term report: headline figures, the heat map, the two charts, the tables
      byTest.apply("coverage-report").click();
      assertThat(byTest.apply("report-title").getText()).contains("学期课程开设与质量报告");
      assertThat(
              Integer.parseInt(
                  byTest.apply("rep-held").findElement(By.tagName("strong")).getText()))
          .isPositive();
      assertThat(browser.findElements(By.cssSelector("[data-test='week-bar']"))).isNotEmpty();
      assertThat(browser.findElements(By.cssSelector("[data-test='subject-bar']")))
          .hasSizeGreaterThanOrEqualTo(3);
      assertThat(browser.findElements(By.cssSelector("table.coverage [data-test='coverage-row']")))
          .hasSize(3);
      Path shots = Files.createDirectories(Path.of("target/test-artifacts"));
      browser.manage().window().setSize(new org.openqa.selenium.Dimension(1200, 2400));
      Files.write(
          shots.resolve("term-report.png"),
          ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
      // in Tibetan
      new org.openqa.selenium.support.ui.Select(byTest.apply("language-switch"))
          .selectByValue("bo");
      wait.until(
          d ->
              d.findElement(By.cssSelector("[data-test='report-title']"))
                  .getText()
                  .contains("སྙན་ཞུ"));
      // on paper the toolbar goes, the report stays
      browser.executeCdpCommand("Emulation.setEmulatedMedia", Map.of("media", "print"));
      assertThat(browser.findElement(By.cssSelector("[data-test='report-print']")).isDisplayed())
          .isFalse();
      assertThat(browser.findElement(By.cssSelector("[data-test='report-title']")).isDisplayed())
          .isTrue();
      Path artifacts = shots;
      Object pdf =
          browser.executeCdpCommand("Page.printToPDF", Map.of("printBackground", true)).get("data");
      byte[] bytes = java.util.Base64.getDecoder().decode((String) pdf);
      assertThat(new String(bytes, 0, 5, java.nio.charset.StandardCharsets.US_ASCII))
          .isEqualTo("%PDF-");
      Files.write(artifacts.resolve("term-report-bo.pdf"), bytes);
    } finally {
      browser.quit();
    }
  }

  @Test
  @DisplayName("a teacher ticks the subjects they teach under the coverage matrix and saves them")
  void teacherSaysWhatTheyTeach() throws Exception {
    WebDriver browser = Chromium.start(data, List.of());
    try {
      WebDriverWait wait = openCoverage(browser, "teacher.haixi");
      java.util.function.Function<String, WebElement> byTest = hook -> visible(wait, hook);
      WebElement box = byTest.apply("teaching-subjects");
      box.findElement(By.cssSelector("input[data-subject='chemistry']")).click();
      box.findElement(By.cssSelector("input[data-subject='biology']")).click();
      byTest.apply("teaching-subjects-save").click();
      wait.until(d -> !box.findElement(By.cssSelector("[role='status']")).getText().isEmpty());
      org.classbridge.testing.Api api = new org.classbridge.testing.Api(app.port());
      String token = api.login("teacher.haixi", "classbridge");
      String id = api.get("/api/v1/me", token).json().getJsonObject("user").getString("id");
      assertThat(
              api.get("/api/v1/users/" + id + "/teaching-subjects", token)
                  .json()
                  .getJsonArray("subjects"))
          .containsExactlyInAnyOrder("chemistry", "biology");
    } finally {
      browser.quit();
    }
  }

  @Test
  @DisplayName(
      "a teacher opens their class's weeks, enters what the school teaches itself, and the weeks' gap closes")
  void teacherEntersLocalTeachingFromTheWeeks() throws Exception {
    WebDriver browser = Chromium.start(data, List.of());
    try {
      WebDriverWait wait = openCoverage(browser, "teacher.haixi");
      java.util.function.Function<String, WebElement> byTest = hook -> visible(wait, hook);
      byTest.apply("coverage-class").click();
      By it =
          By.cssSelector("[data-test='coverage-weeks'] td[data-subject='information-technology']");
      // Haixi has no IT teacher: every teaching week of the term is a gap in IT
      wait.until(d -> !d.findElements(it).isEmpty());
      assertThat(browser.findElements(it).stream().map(e -> e.getDomAttribute("data-state")))
          .containsOnly("gap");
      assertThat(browser.findElements(By.cssSelector("[data-test='coverage-week']")).size())
          .isGreaterThanOrEqualTo(15);
      WebElement periods =
          byTest
              .apply("local-teaching")
              .findElement(By.cssSelector("input[data-subject='information-technology']"));
      periods.clear();
      periods.sendKeys("5");
      byTest.apply("local-teaching-save").click();
      wait.until(
          d -> {
            List<WebElement> cells = d.findElements(it);
            return !cells.isEmpty()
                && cells.stream().allMatch(e -> "covered".equals(e.getDomAttribute("data-state")));
          });
      org.classbridge.testing.Api api = new org.classbridge.testing.Api(app.port());
      String token = api.login("teacher.haixi", "classbridge");
      String klass =
          browser
              .findElement(
                  By.cssSelector("[data-test='coverage-row'] [data-test='coverage-class']"))
              .getText();
      assertThat(klass).isEqualTo("八年级（2）班");
      String school = api.get("/api/v1/me", token).json().getJsonObject("school").getString("id");
      String classId =
          api.get("/api/v1/schools/" + school + "/classes", token).items().stream()
              .map(o -> (io.vertx.core.json.JsonObject) o)
              .filter(k -> k.getString("name").equals(klass))
              .findFirst()
              .orElseThrow()
              .getString("id");
      String termId =
          new org.openqa.selenium.support.ui.Select(byTest.apply("coverage-term"))
              .getFirstSelectedOption()
              .getDomAttribute("value");
      assertThat(
              api.get("/api/v1/classes/" + classId + "/local-teaching?termId=" + termId, token)
                  .json()
                  .getJsonObject("subjects")
                  .getInteger("information-technology"))
          .isEqualTo(5);
    } finally {
      browser.quit();
    }
  }

  @Test
  @DisplayName("the coordinator changes the term's plan in the browser and the server keeps it")
  void coordinatorEditsThePlan() throws Exception {
    WebDriver browser = Chromium.start(data, List.of());
    try {
      WebDriverWait wait = openCoverage(browser, "coordinator");
      java.util.function.Function<String, WebElement> byTest = hook -> visible(wait, hook);
      byTest.apply("plan-open").click();
      java.util.function.Function<String, WebElement> grade8 =
          subject ->
              byTest
                  .apply("plan")
                  .findElement(
                      By.cssSelector("input[data-grade='8'][data-subject='" + subject + "']"));
      WebElement art = grade8.apply("art");
      int before = Integer.parseInt(art.getDomProperty("value"));
      art.clear();
      art.sendKeys(Integer.toString(before + 1));
      byTest.apply("plan-save").click();
      wait.until(d -> !byTest.apply("plan-status").getText().isEmpty());
      String termId =
          new org.openqa.selenium.support.ui.Select(byTest.apply("coverage-term"))
              .getFirstSelectedOption()
              .getDomAttribute("value");
      org.classbridge.testing.Api api = new org.classbridge.testing.Api(app.port());
      String token = api.login("coordinator", "classbridge");
      var plan = api.get("/api/v1/terms/" + termId + "/curriculum-plan", token).json();
      assertThat(plan.getJsonObject("grades").getJsonObject("8").getInteger("art"))
          .isEqualTo(before + 1);
      // the Tibetan-medium additions came back unchanged
      assertThat(plan.getJsonObject("tibetanMedium").getJsonObject("tibetan")).isNotNull();
      // a plan over the weekly limit is refused with the server's reason, and nothing changes
      art.clear();
      art.sendKeys("20");
      for (String subject : List.of("chinese", "maths")) {
        WebElement cell = grade8.apply(subject);
        cell.clear();
        cell.sendKeys("20");
      }
      byTest.apply("plan-save").click();
      wait.until(d -> byTest.apply("plan-status").getText().contains("45"));
      assertThat(
              api.get("/api/v1/terms/" + termId + "/curriculum-plan", token)
                  .json()
                  .getJsonObject("grades")
                  .getJsonObject("8")
                  .getInteger("art"))
          .isEqualTo(before + 1);
    } finally {
      browser.quit();
    }
  }
}
