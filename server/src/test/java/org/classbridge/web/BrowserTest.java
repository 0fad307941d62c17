package org.classbridge.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.classbridge.app.Classbridge;
import org.classbridge.testing.Chromium;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The web app in real headless Chromium (Debian's chromium and chromium-driver; a test tool's own
 * browser download does not work on these machines). Screenshots go to {@code
 * server/target/test-artifacts}. Without Chromium the tests are skipped, and say so.
 */
class BrowserTest {
  @TempDir static Path data;
  static Classbridge app;
  static Path artifacts;
  WebDriver browser;
  WebDriverWait wait;

  @BeforeAll
  static void start() throws Exception {
    Chromium.skipUnlessInstalled();
    app = TestApp.start(data);
    artifacts =
        Files.createDirectories(
            Path.of(System.getProperty("classbridge.test.artifacts", "target/test-artifacts")));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
    }
  }

  @BeforeEach
  void openBrowser() throws Exception {
    browser = Chromium.start(data, List.of());
    wait = new WebDriverWait(browser, Duration.ofSeconds(15));
    // lists redraw from their state after each change: an element read mid-redraw is retried
    wait.ignoring(org.openqa.selenium.StaleElementReferenceException.class);
    browser.get("http://127.0.0.1:" + app.port() + "/");
  }

  @AfterEach
  void closeBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  private WebElement byTest(String hook) {
    return wait.until(
        ExpectedConditions.visibilityOfElementLocated(
            By.cssSelector("[data-test='" + hook + "']")));
  }

  private void login(String username, String password) {
    // the page may draw the login form twice after a logout (a late answer of the previous
    // session's requests): fill in the one that stays
    for (int attempt = 0; ; attempt++) {
      try {
        WebElement user = byTest("login-username");
        user.clear();
        user.sendKeys(username);
        byTest("login-password").sendKeys(password);
        byTest("login-submit").click();
        return;
      } catch (org.openqa.selenium.StaleElementReferenceException
          | org.openqa.selenium.ElementNotInteractableException e) {
        if (attempt >= 3) {
          throw e;
        }
      }
    }
  }

  private void screenshot(String name) throws Exception {
    byte[] png = ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES);
    Files.write(artifacts.resolve(name + ".png"), png);
  }

  @ParameterizedTest(name = "{0} logs in and sees the {1} dashboard")
  @CsvSource({
    "student.yushu, student, my-classes",
    "teacher.yushu, teacher, classrooms",
    "coordinator, coordinator, group-schools",
    "admin, admin, admin-import"
  })
  @DisplayName("each demo role logs in and sees its own dashboard")
  void roleDashboards(String username, String role, String part) throws Exception {
    login(username, "classbridge");
    WebElement dashboard = byTest("dashboard-" + role);
    assertThat(dashboard.isDisplayed()).isTrue();
    assertThat(byTest(part).isDisplayed()).isTrue();
    assertThat(browser.findElements(By.cssSelector("[data-test^='dashboard-']"))).hasSize(1);
    assertThat(byTest("who").getText()).isNotBlank();
    if (role.equals("coordinator")) {
      wait.until(d -> d.findElements(By.cssSelector("[data-test='school-row']")).size() == 4);
      assertThat(dashboard.getText()).contains("玉树州通天河寄宿学校").contains("接收教室");
    }
    if (role.equals("student")) {
      assertThat(byTest("school-name").getText()).isEqualTo("玉树州通天河寄宿学校");
      assertThat(byTest("my-classes").getText()).contains("八年级（1）班");
    }
    screenshot("dashboard-" + role);
  }

  @Test
  @DisplayName("a wrong password shows an error and stays on the login form")
  void wrongPassword() throws Exception {
    login("teacher.xining", "not-the-password");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("[data-test='login-error']"), "错误"));
    assertThat(browser.findElements(By.cssSelector("[data-test^='dashboard-']"))).isEmpty();
    screenshot("login-wrong-password");
  }

  @Test
  @DisplayName(
      "the language switch relabels the page in Tibetan and English, and remembers the choice")
  void languageSwitch() throws Exception {
    new Select(byTest("language-switch")).selectByValue("bo");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("[data-test='login-submit']"), "ནང་འཛུལ།"));
    assertThat(browser.findElement(By.tagName("html")).getDomAttribute("lang")).isEqualTo("bo");
    login("student.yushu", "classbridge");
    byTest("dashboard-student");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("[data-test='dashboard-student'] h2"), "ངའི་སློབ་སྦྱོང་།"));
    // the Tibetan web font was actually loaded from our own origin
    Object fontLoaded =
        ((org.openqa.selenium.JavascriptExecutor) browser)
            .executeAsyncScript(
                "const done = arguments[0];"
                    + "document.fonts.ready.then(() => done(document.fonts.check('16px \"Noto Serif Tibetan\"', 'ཀ')));");
    assertThat(fontLoaded).isEqualTo(Boolean.TRUE);
    screenshot("dashboard-student-bo");

    browser.navigate().refresh();
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("[data-test='dashboard-student'] h2"), "ངའི་སློབ་སྦྱོང་།"));
    new Select(byTest("language-switch")).selectByValue("en");
    wait.until(
        ExpectedConditions.textToBePresentInElementLocated(
            By.cssSelector("[data-test='dashboard-student'] h2"), "My learning"));
  }

  @Test
  @DisplayName("an admin imports a CSV roll in the browser and sees the per-row report")
  void adminImportsCsv() throws Exception {
    Path csv = data.resolve("roll.csv");
    Files.writeString(
        csv,
        "username,display_name,role,school,class\n"
            + "web.pema,པདྨ། 白玛,student,果洛州雪莲牧区学校,八年级（1）班\n"
            + "web.bad,x,admin,果洛州雪莲牧区学校,\n",
        StandardCharsets.UTF_8);
    login("admin", "classbridge");
    byTest("dashboard-admin");
    byTest("import-file").sendKeys(csv.toString());
    byTest("import-submit").click();
    wait.until(d -> d.findElements(By.cssSelector("[data-test='import-row']")).size() == 2);
    String report = byTest("import-report").getText();
    assertThat(report).contains("web.pema").contains("已创建").contains("有错误");
    // the login slips, laid out by the server, shown in a frame that prints on its own
    byTest("import-show-slips").click();
    WebElement frame = byTest("import-slips");
    browser.switchTo().frame(frame);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("body"), "web.pema"));
    assertThat(browser.findElement(By.tagName("body")).getText()).contains("一次性密码", "白玛");
    browser.switchTo().defaultContent();
    screenshot("admin-import-report");
  }

  @Test
  @DisplayName(
      "a teacher resets a pupil's password; the pupil must set a new one at the first login")
  void resetAndFirstLogin() throws Exception {
    login("teacher.yushu", "classbridge");
    WebElement pupil =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-test='member'][data-username='student.yushu2']")));
    pupil.findElement(By.cssSelector("[data-test='reset-password']")).click();
    String oneTime =
        wait.until(
                ExpectedConditions.presenceOfNestedElementLocatedBy(
                    pupil, By.cssSelector("[data-test='one-time-password']")))
            .getText();
    assertThat(oneTime).matches("[a-z2-9]{10}");
    screenshot("teacher-reset");
    byTest("logout").click();

    login("student.yushu2", oneTime);
    byTest("password-form");
    assertThat(browser.findElements(By.cssSelector("[data-test='password-old']")))
        .as("the one-time password is not asked for twice")
        .isEmpty();
    byTest("password-new").sendKeys("my-own-secret-7");
    byTest("password-repeat").sendKeys("my-own-secret-8");
    byTest("password-submit").click();
    assertThat(byTest("password-error").getText()).isNotBlank();
    byTest("password-new").clear();
    byTest("password-repeat").clear();
    byTest("password-new").sendKeys("my-own-secret-7");
    byTest("password-repeat").sendKeys("my-own-secret-7");
    byTest("password-submit").click();
    byTest("dashboard-student");
    screenshot("student-after-first-login");
    byTest("logout").click();
    login("student.yushu2", "my-own-secret-7");
    byTest("dashboard-student");
  }

  @Test
  @DisplayName("switching language after login redraws the page: no text of the old language stays")
  void languageSwitchRedraws() throws Exception {
    login("coordinator", "classbridge");
    byTest("group-schools");
    assertThat(byTest("who").getText()).contains("集团协调员");
    new Select(byTest("language-switch")).selectByValue("en");
    wait.until(
        ExpectedConditions.textToBe(
            By.cssSelector("[data-test='who']"), "李卓玛（集团协调员） · Group coordinator"));
    WebElement schools = byTest("group-schools");
    wait.until(d -> schools.getText().contains("Pastoral"));
    assertThat(schools.getText()).contains("Name Region Setting");
    assertThat(browser.findElement(By.tagName("h1")).getText()).isEqualTo("Classbridge");
    screenshot("coordinator-english");
    new Select(byTest("language-switch")).selectByValue("bo");
    wait.until(d -> byTest("group-schools").getText().contains("འབྲོག་ཁུལ།"));
  }

  @Test
  @DisplayName(
      "an admin exports a pupil's data and erases a pupil who left, after typing the username again")
  void adminExportsAndErasesPupil() throws Exception {
    login("admin", "classbridge");
    byTest("dashboard-admin");
    byTest("accounts-search").sendKeys("student.xining");
    byTest("accounts-search").submit();
    WebElement row =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-test='account-row'][data-username='student.xining']")));
    row.findElement(By.cssSelector("[data-test='account-edit']")).click();
    byTest("pupil-export").click();
    assertThat(byTest("pupil-export-file").getText()).isEqualTo("student.xining.json");
    // a slip: the wrong username erases nobody
    byTest("pupil-erase-confirm").sendKeys("student.xinin");
    byTest("pupil-erase").click();
    wait.until(d -> !byTest("pupil-data-status").getText().isBlank());
    assertThat(
            browser.findElements(
                By.cssSelector("[data-test='account-row'][data-username='student.xining']")))
        .hasSize(1);
    byTest("pupil-erase-confirm").sendKeys("g");
    byTest("pupil-erase").click();
    wait.until(
        ExpectedConditions.invisibilityOfElementLocated(
            By.cssSelector("[data-test='account-row'][data-username='student.xining']")));
    screenshot("admin-erased-pupil");
    // gone for good: the pupil cannot log in
    byTest("logout").click();
    byTest("login-username").sendKeys("student.xining");
    byTest("login-password").sendKeys("classbridge");
    byTest("login-submit").click();
    wait.until(d -> !d.findElements(By.cssSelector("[role='alert'], .error")).isEmpty());
    assertThat(browser.findElements(By.cssSelector("[data-test^='dashboard-']"))).isEmpty();
  }

  @Test
  @DisplayName("a coordinator finds a pupil and moves them to another school of the group")
  void coordinatorMovesPupil() throws Exception {
    login("coordinator", "classbridge");
    byTest("accounts-search").sendKeys("student.haixi");
    byTest("accounts-search").submit();
    WebElement row =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-test='account-row'][data-username='student.haixi']")));
    assertThat(row.findElement(By.cssSelector("[data-test='account-school']")).getText())
        .startsWith("海西");
    row.findElement(By.cssSelector("[data-test='account-edit']")).click();
    Select move = new Select(byTest("account-move"));
    move.selectByVisibleText("玉树州通天河寄宿学校");
    byTest("account-save").click();
    wait.until(
        ExpectedConditions.textToBe(
            By.cssSelector(
                "[data-test='account-row'][data-username='student.haixi']"
                    + " [data-test='account-school']"),
            "玉树州通天河寄宿学校"));
    screenshot("coordinator-moved-pupil");
    // the move is real: the pupil's own page says the new school
    byTest("logout").click();
    login("student.haixi", "classbridge");
    wait.until(
        ExpectedConditions.textToBe(By.cssSelector("[data-test='school-name']"), "玉树州通天河寄宿学校"));
  }

  @Test
  @DisplayName(
      "a coordinator previews a series, is shown every conflicting date, then books a free period")
  void coordinatorBooksSeriesAndSeesConflict() throws Exception {
    login("coordinator", "classbridge");
    // the seeded maths pairing already teaches Tuesdays' 3rd period all term
    Select pairing = new Select(byTest("booking-pairing"));
    pairing.selectByIndex(
        pairing.getOptions().stream()
            .filter(o -> o.getText().startsWith("数学"))
            .findFirst()
            .map(o -> pairing.getOptions().indexOf(o))
            .orElseThrow());
    byTest("booking-weekday-2").click();
    WebElement period = byTest("booking-period");
    period.clear();
    period.sendKeys("3");
    setDate(byTest("booking-from"), "2026-12-01");
    setDate(byTest("booking-to"), "2026-12-29");
    byTest("booking-preview").click();
    wait.until(d -> !d.findElements(By.cssSelector("[data-test='booking-conflict']")).isEmpty());
    assertThat(
            browser.findElements(By.cssSelector("[data-test='booking-conflict']")).stream()
                .map(e -> e.getAttribute("data-day"))
                .distinct())
        .containsExactly("2026-12-01", "2026-12-08", "2026-12-15", "2026-12-22", "2026-12-29");
    byTest("booking-submit").click();
    WebElement refused = byTest("booking-refused");
    assertThat(refused.getText()).contains("2026-12-08").contains("王明");
    screenshot("coordinator-booking-conflict");

    // the 6th period is free: booked, and the week grid shows it at Yushu's own period
    period.clear();
    period.sendKeys("6");
    byTest("booking-submit").click();
    WebElement booked = byTest("booking-result");
    assertThat(booked.getText()).contains("5");
    screenshot("coordinator-booked-series");
  }

  /** Types a date into an input type=date whatever the browser's locale format. */
  private void setDate(WebElement input, String isoDay) {
    ((org.openqa.selenium.JavascriptExecutor) browser)
        .executeScript(
            "arguments[0].value = arguments[1];"
                + " arguments[0].dispatchEvent(new Event('change'));",
            input,
            isoDay);
  }

  @Test
  @DisplayName(
      "a rural teacher sees the famous teacher they are paired with and this week's classes")
  void teacherSeesPairingAndWeek() throws Exception {
    login("teacher.yushu", "classbridge");
    WebElement pairings = byTest("pairings");
    wait.until(d -> pairings.getText().contains("王明"));
    assertThat(pairings.getText()).contains("数学");
    WebElement week = byTest("my-week");
    wait.until(
        d ->
            !week.findElements(By.cssSelector("[data-test='my-session']")).isEmpty()
                || week.getText().contains("没有"));
    byTest("week-next").click();
    wait.until(d -> !week.findElements(By.cssSelector("[data-test='my-session']")).isEmpty());
    assertThat(week.getText()).contains("第2节");
    screenshot("teacher-week");
  }

  @Test
  @DisplayName(
      "the Yushu assistant ticks the pupils present at last week's class, on the phone-sized roster")
  void assistantTakesAttendance() throws Exception {
    login("teacher.yushu", "classbridge");
    WebElement week = byTest("my-week");
    byTest("week-previous").click();
    wait.until(d -> !week.findElements(By.cssSelector("[data-test='attendance-open']")).isEmpty());
    week.findElements(By.cssSelector("[data-test='attendance-open']")).get(0).click();
    WebElement yushuClass =
        wait.until(
            d ->
                d.findElements(By.cssSelector("[data-test='attendance-class']")).stream()
                    .filter(f -> f.getText().contains("玉树"))
                    .findFirst()
                    .orElse(null));
    List<WebElement> pupils =
        yushuClass.findElements(By.cssSelector("[data-test='attendance-student']"));
    assertThat(pupils).hasSize(2);
    pupils.get(0).click();
    yushuClass.findElement(By.cssSelector("[data-test='attendance-save']")).click();
    wait.until(
        d ->
            yushuClass
                .findElement(By.cssSelector("[data-test='attendance-status']"))
                .getText()
                .contains("1/2"));
    screenshot("assistant-attendance");

    // and a calendar subscription for the phone
    byTest("calendar-subscribe").click();
    wait.until(d -> byTest("calendar-url").getText().contains("/calendar/"));
    assertThat(byTest("calendar-url").getText()).contains(".ics");
  }

  @Test
  @DisplayName(
      "the Chinese login page weighs at most 60 KB and never fetches the 160 KB Tibetan font")
  @SuppressWarnings("unchecked")
  void loginPageWeight() {
    byTest("login-username");
    org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) browser;
    js.executeAsyncScript("document.fonts.ready.then(arguments[arguments.length - 1])");
    List<Map<String, Object>> resources =
        (List<Map<String, Object>>)
            js.executeScript(
                "return performance.getEntriesByType('resource')"
                    + ".map(e => ({name: e.name, size: e.transferSize}))");
    long page =
        ((Number)
                js.executeScript(
                    "return performance.getEntriesByType('navigation')[0].transferSize"))
            .longValue();
    long total =
        page + resources.stream().mapToLong(r -> ((Number) r.get("size")).longValue()).sum();
    assertThat(resources.stream().map(r -> (String) r.get("name")))
        .noneMatch(n -> n.contains("noto-serif-tibetan-tibetan-400"))
        .anyMatch(n -> n.contains("tibetan-language-label"));
    assertThat(total).as("bytes transferred: %s + %s", page, resources).isLessThanOrEqualTo(60_000);
  }

  @Test
  @DisplayName("browser validation messages are in the page's language, Tibetan included")
  void tibetanValidationMessages() {
    new Select(byTest("language-switch")).selectByValue("bo");
    byTest("login-submit").click();
    WebElement username = byTest("login-username");
    wait.until(d -> !username.getDomProperty("validationMessage").isEmpty());
    assertThat(username.getDomProperty("validationMessage")).isEqualTo("འདི་ནང་འཇུག་གནང་རོགས།");
    new Select(byTest("language-switch")).selectByValue("zh-CN");
    byTest("login-submit").click();
    wait.until(d -> username.getDomProperty("validationMessage").equals("请填写此项"));
  }

  @Test
  @DisplayName(
      "an admin gives a classroom its Tibetan name, the Tibetan page shows it, the change log records it")
  void adminEditsTibetanName() throws Exception {
    login("admin", "classbridge");
    // the school picker is drawn once the schools have loaded
    new Select(
            wait.until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("[data-test='admin-school'] select"))))
        .selectByVisibleText("玉树州通天河寄宿学校");
    WebElement room =
        wait.until(
            d ->
                d.findElements(By.cssSelector("[data-test='classroom-item']")).stream()
                    .filter(e -> e.getText().startsWith("专递课堂接收室"))
                    .findFirst()
                    .orElse(null));
    room.findElement(By.cssSelector("[data-test='edit']")).click();
    WebElement form = wait.until(d -> room.findElement(By.cssSelector("[data-test='edit-form']")));
    form.findElement(By.name("nameBo")).sendKeys("རྒྱང་སྦྲེལ་སློབ་ཁང་།");
    form.findElement(By.cssSelector("[data-test='edit-save']")).click();
    // saved once the page has redrawn without the form
    wait.until(d -> d.findElements(By.cssSelector("[data-test='edit-form']")).isEmpty());
    new Select(byTest("language-switch")).selectByValue("bo");
    WebElement picker =
        wait.until(
            ExpectedConditions.visibilityOfElementLocated(
                By.cssSelector("[data-test='admin-school'] select")));
    new Select(picker).selectByVisibleText("玉树州通天河寄宿学校");
    wait.until(
        d ->
            d.findElements(By.cssSelector("[data-test='classroom-item']")).stream()
                .anyMatch(e -> e.getText().startsWith("རྒྱང་སྦྲེལ་སློབ་ཁང་།")));
    screenshot("admin-tibetan-classroom");
    byTest("audit-show").click();
    wait.until(
        d ->
            !d.findElements(
                    By.cssSelector("[data-test='audit-entry'][data-action='classroom.updated']"))
                .isEmpty());
    assertThat(
            browser
                .findElement(
                    By.cssSelector("[data-test='audit-entry'][data-action='classroom.updated']"))
                .getText())
        .contains("རྒྱང་སྦྲེལ་སློབ་ཁང་།");
  }

  @Test
  @DisplayName(
      "a teacher uploads a video with a pause and a resume, the coordinator publishes it, a pupil plays it and opens an experiment")
  void libraryUploadPublishPlay() throws Exception {
    Path video = Files.createTempFile(data, "lesson", ".webm");
    try (var in = BrowserTest.class.getResourceAsStream("/media/lesson-4s.webm")) {
      Files.copy(in, video, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    login("teacher.xining", "classbridge");
    byTest("library-open").click();
    byTest("lib-new-title").sendKeys("勾股定理 · 浏览器上传");
    new Select(byTest("lib-new-kind")).selectByValue("lesson-video");
    byTest("lib-new-create").click();
    WebElement item = libItem("勾股定理 · 浏览器上传");
    // filed on the curriculum tree: 勾股定理 of grade 8, volume 2
    item.findElement(By.cssSelector("[data-test='lib-edit']")).click();
    WebElement node = byTest("lib-edit-node");
    wait.until(d -> new Select(node).getOptions().size() > 1);
    new Select(node)
        .selectByIndex(
            new Select(node)
                .getOptions()
                .indexOf(
                    new Select(node)
                        .getOptions().stream()
                            .filter(o -> o.getText().contains("第十七章 勾股定理"))
                            .findFirst()
                            .orElseThrow()));
    byTest("lib-edit-save").click();
    wait.until(d -> d.findElements(By.cssSelector("[data-test='lib-edit-form']")).isEmpty());
    item = libItem("勾股定理 · 浏览器上传");
    item.findElement(By.cssSelector("[data-test='lib-upload']")).click();
    // a weak uplink: 24 KB/s, so the 67 KB video takes a few seconds and can be paused
    ((org.openqa.selenium.chromium.ChromiumDriver) browser)
        .setNetworkConditions(
            new org.openqa.selenium.chromium.ChromiumNetworkConditions() {
              {
                setUploadThroughput(24 * 1024);
                setDownloadThroughput(1024 * 1024);
              }
            });
    byTest("lib-file").sendKeys(video.toString());
    byTest("lib-upload-start").click();
    WebElement progress = byTest("lib-progress");
    wait.until(d -> Integer.parseInt(progress.getDomProperty("value")) > 0);
    byTest("lib-upload-pause").click();
    wait.until(d -> byTest("lib-upload-resume").isEnabled());
    int pausedAt = Integer.parseInt(progress.getDomProperty("value"));
    assertThat(pausedAt).isBetween(1, 99);
    ((org.openqa.selenium.chromium.ChromiumDriver) browser).deleteNetworkConditions();
    byTest("lib-upload-resume").click();
    wait.until(
        d ->
            d.findElements(By.cssSelector("[data-test='lib-upload-status']")).isEmpty()
                || d.findElement(By.cssSelector("[data-test='lib-upload-status']"))
                    .getText()
                    .contains("上传完成"));
    screenshot("teacher-uploaded");

    byTest("logout").click();
    login("coordinator", "classbridge");
    byTest("library-open").click();
    WebElement draft = libItem("勾股定理 · 浏览器上传");
    draft.findElement(By.cssSelector("[data-test='lib-publish']")).click();
    wait.until(
        d ->
            d
                .findElements(By.cssSelector("[data-test='lib-item'][data-status='published']"))
                .stream()
                .anyMatch(e -> "勾股定理 · 浏览器上传".equals(e.getDomAttribute("data-title"))));

    byTest("logout").click();
    login("student.yushu", "classbridge");
    byTest("library-open").click();
    WebElement lesson = libItem("勾股定理 · 浏览器上传");
    lesson.findElement(By.cssSelector("[data-test='lib-play']")).click();
    WebElement player = byTest("lib-player");
    org.openqa.selenium.JavascriptExecutor js = (org.openqa.selenium.JavascriptExecutor) browser;
    wait.until(
        d -> ((Number) js.executeScript("return arguments[0].readyState", player)).intValue() >= 1);
    assertThat(((Number) js.executeScript("return arguments[0].duration", player)).doubleValue())
        .isBetween(3.5, 4.5);
    screenshot("student-player");

    byTest("lib-search").sendKeys("单摆");
    byTest("lib-search-go").click();
    WebElement pendulum = libItem("单摆的周期");
    pendulum.findElement(By.cssSelector("[data-test='lib-launch']")).click();
    WebElement frame = byTest("lib-experiment");
    assertThat(frame.getDomAttribute("sandbox")).isEqualTo("allow-scripts");
    browser.switchTo().frame(frame);
    wait.until(d -> d.findElement(By.id("title")).getText().equals("单摆"));
    wait.until(d -> !d.findElement(By.id("period")).getText().isEmpty());
    assertThat(browser.findElement(By.id("period")).getText()).isEqualTo("2.01");
    browser.switchTo().defaultContent();
    screenshot("student-experiment");
  }

  /** The library item with this title, once it is shown. */
  private WebElement libItem(String title) {
    return wait.until(
        d ->
            d.findElements(By.cssSelector("[data-test='lib-item']")).stream()
                .filter(e -> title.equals(e.getDomAttribute("data-title")))
                .findFirst()
                .orElse(null));
  }

  private List<String> resultTitles() {
    return browser.findElements(By.cssSelector("[data-test='lib-item']")).stream()
        .map(e -> e.getDomAttribute("data-title"))
        .toList();
  }

  @Test
  @DisplayName(
      "a pupil searches the library: pinyin autocomplete, initials, highlighted hits, facets and the curriculum tree, related lessons, empty-state help, in Chinese and Tibetan")
  void librarySearch() throws Exception {
    login("student.yushu", "classbridge");
    byTest("library-open").click();
    wait.until(d -> !resultTitles().isEmpty());

    // autocomplete from pinyin: pick 勾股定理的逆定理 with the keyboard
    WebElement box = byTest("lib-search");
    box.sendKeys("gougu");
    wait.until(
        d ->
            d.findElements(By.cssSelector("[data-test='lib-suggestion']")).stream()
                .anyMatch(e -> e.getDomAttribute("data-value").equals("勾股定理的逆定理")));
    List<WebElement> options = browser.findElements(By.cssSelector("[data-test='lib-suggestion']"));
    assertThat(options.get(0).findElements(By.tagName("mark"))).isNotEmpty();
    int target = 0;
    while (!options.get(target).getDomAttribute("data-value").equals("勾股定理的逆定理")) {
      target++;
    }
    for (int i = 0; i <= target; i++) {
      box.sendKeys(org.openqa.selenium.Keys.ARROW_DOWN);
    }
    box.sendKeys(org.openqa.selenium.Keys.ENTER);
    wait.until(d -> !resultTitles().isEmpty() && resultTitles().get(0).equals("勾股定理的逆定理"));
    WebElement first = byTest("lib-item-title");
    assertThat(first.findElement(By.tagName("mark")).getText()).isEqualTo("勾股定理的逆定理");

    // initials, submitted
    box.clear();
    box.sendKeys("ggdl");
    byTest("lib-search-go").click();
    wait.until(
        d -> resultTitles().size() == 3 && resultTitles().stream().allMatch(t -> t.contains("勾股")));
    assertThat(byTest("lib-total").getText()).contains("3");
    screenshot("library-search-initials");

    // related lessons of one of them
    WebElement hit = libItem("勾股定理（第一课时）");
    hit.findElement(By.cssSelector("[data-test='lib-related']")).click();
    WebElement related = byTest("lib-related-list");
    assertThat(related.getText()).contains("勾股定理的逆定理");

    // browse by facets: physics only, while maths keeps its count (drill sideways)
    box.clear();
    byTest("lib-search-go").click();
    wait.until(d -> resultTitles().size() > 3);
    WebElement physics =
        byTest("lib-facet-subject")
            .findElement(By.cssSelector("[data-dim='subject'][data-value='physics']"));
    physics.click();
    wait.until(
        d ->
            d.findElement(By.cssSelector("[data-dim='subject'][data-value='physics']")).isSelected()
                && resultTitles().contains("欧姆定律")
                && !resultTitles().contains("勾股定理的逆定理"));
    assertThat(byTest("lib-facet-subject").getText()).contains("数学");
    // and the curriculum tree from the top: 物理 › 8 ...
    WebElement physicsNode =
        byTest("lib-tree")
            .findElement(By.cssSelector("[data-test='lib-tree-node'][data-value='physics']"));
    physicsNode.click();
    wait.until(d -> !d.findElements(By.cssSelector("[data-test='lib-tree-up']")).isEmpty());
    screenshot("library-facets");

    // nothing found: help, not a blank page
    browser.findElement(By.cssSelector("[data-dim='subject'][data-value='physics']")).click();
    box.sendKeys("没有这样的课题名称");
    byTest("lib-search-go").click();
    assertThat(byTest("lib-empty").getText()).contains("gougu");

    // in Tibetan: the page's words, and a Tibetan search marks the Tibetan title
    new Select(browser.findElement(By.id("language"))).selectByValue("bo");
    byTest("library-open").click(); // the home screen is drawn again in the new language
    box = byTest("lib-search");
    assertThat(box.getDomAttribute("placeholder")).contains("བོད་ཡིག");
    box.clear();
    box.sendKeys("ཟུར་དྲང");
    byTest("lib-search-go").click();
    wait.until(d -> resultTitles().size() >= 3);
    assertThat(byTest("lib-item-title").findElement(By.tagName("mark")).getText()).contains("ཟུར");
    assertThat(byTest("lib-total").getText()).contains("ཁྱོན");
    screenshot("library-search-bo");
  }
}
