package org.classbridge.web;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.testing.Api;
import org.classbridge.testing.Chromium;
import org.classbridge.testing.Clips;
import org.classbridge.testing.Library;
import org.classbridge.testing.Poll;
import org.classbridge.testing.TestApp;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A converted lesson played as a pastoral school sees it (BENCHMARKS.md): the pupil's Chromium
 * inside a shaped network namespace (rural-link), the server on this machine. Plays {@code seconds}
 * of a 720p lesson through hls.js and reports how long until the picture moved, stalls (the player
 * waiting for data after it started) and their total time, the rungs it played and the bytes it
 * fetched.
 *
 * <p>Arguments: the host-side address of the namespace, the chromedriver URL inside it, the link's
 * rate (for the report) and the seconds to play. Run by {@code server/bench/hls-rural.sh}.
 */
public final class HlsRuralBench {
  private HlsRuralBench() {}

  public static void main(String[] args) throws Exception {
    String hostAddress = args[0];
    String driverUrl = args[1];
    String kbit = args[2];
    int seconds = Integer.parseInt(args[3]);
    Path data = Files.createTempDirectory("hls-rural");
    try (Classbridge app =
        Classbridge.start(
            TestApp.config(data, Map.of(Setting.HOST, "0.0.0.0", Setting.MEDIA_CONCURRENCY, "1")),
            java.time.Clock.systemUTC())) {
      Api api = new Api(app.port());
      String id = lesson(api, data, seconds + 30);
      ChromeOptions options =
          Chromium.options(Files.createTempDirectory("hls-rural-chromium"), List.of());
      options.addArguments("--autoplay-policy=no-user-gesture-required");
      System.setProperty("webdriver.remote.enableTracing", "false");
      WebDriver pupil = new RemoteWebDriver(URI.create(driverUrl).toURL(), options);
      try {
        play(pupil, "http://" + hostAddress + ":" + app.port(), id, kbit, seconds);
      } finally {
        pupil.quit();
      }
    }
  }

  /**
   * A 720p lesson with fine moving detail (noise over the test pattern), so the encoder works at
   * its rungs' caps as camera footage makes it, uploaded, converted and published.
   */
  static String lesson(Api api, Path dir, int seconds) throws Exception {
    Path clip = dir.resolve("lesson.mp4");
    ProcessBuilder pb =
        new ProcessBuilder(
                Clips.tools().ffmpeg().toString(),
                "-loglevel",
                "error",
                "-y",
                "-f",
                "lavfi",
                "-i",
                "testsrc2=size=1280x720:rate=25,noise=alls=12:allf=t",
                "-f",
                "lavfi",
                "-i",
                "sine=frequency=440:sample_rate=48000",
                "-t",
                Integer.toString(seconds),
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-b:v",
                "4000k",
                "-pix_fmt",
                "yuv420p",
                "-c:a",
                "aac",
                clip.toString())
            .inheritIO();
    pb.environment().putAll(Clips.tools().environment());
    if (pb.start().waitFor() != 0) {
      throw new IllegalStateException("making the lesson failed");
    }
    byte[] bytes = Files.readAllBytes(clip);
    Library library = new Library(api);
    String teacher = api.login("teacher.xining", "classbridge");
    String id =
        library.draft(
            teacher,
            new JsonObject().put("kind", "lesson-video").put("title", "牧区播放测试").put("grade", 8));
    String location = library.createUpload(teacher, id, "lesson.mp4", bytes.length, "");
    library.patch(location, teacher, 0, bytes);
    long t0 = System.nanoTime();
    if (!Poll.until(
        Duration.ofMinutes(20),
        () -> api.get("/api/v1/resources/" + id + "/media", teacher).json().getBoolean("ready"))) {
      throw new IllegalStateException("the lesson was not converted");
    }
    System.out.printf(
        Locale.ROOT,
        "lesson: %d s of 720p25 (noise over testsrc2, %d kbit/s), converted in %.0f s%n",
        seconds,
        bytes.length * 8L / seconds / 1000,
        (System.nanoTime() - t0) / 1e9);
    library.setStatus(api.login("coordinator", "classbridge"), id, "published", "group");
    return id;
  }

  static void play(WebDriver pupil, String base, String id, String kbit, int seconds)
      throws Exception {
    WebDriverWait wait = new WebDriverWait(pupil, Duration.ofSeconds(120));
    pupil.get(base + "/");
    java.util.function.Function<String, WebElement> byTest =
        hook ->
            wait.until(
                ExpectedConditions.visibilityOfElementLocated(
                    By.cssSelector("[data-test='" + hook + "']")));
    byTest.apply("login-username").sendKeys("student.guoluo");
    byTest.apply("login-password").sendKeys("classbridge");
    byTest.apply("login-submit").click();
    byTest.apply("library-open").click();
    byTest.apply("lib-search").sendKeys("牧区播放测试");
    byTest.apply("lib-search-go").click();
    JavascriptExecutor js = (JavascriptExecutor) pupil;
    // the result list may redraw (facets arrive after hits): find the item again until the click
    // lands
    for (int attempt = 0; ; attempt++) {
      try {
        WebElement item =
            wait.until(
                d ->
                    d.findElements(By.cssSelector("[data-test='lib-item']")).stream()
                        .filter(e -> "牧区播放测试".equals(e.getDomAttribute("data-title")))
                        .findFirst()
                        .orElse(null));
        js.executeScript("window.__clicked = performance.now();");
        item.findElement(By.cssSelector("[data-test='lib-play']")).click();
        break;
      } catch (org.openqa.selenium.StaleElementReferenceException e) {
        if (attempt > 5) {
          throw e;
        }
      }
    }
    WebElement video = byTest.apply("lib-player");
    js.executeScript(
        "const v = arguments[0]; const m = window.__m = {waiting: 0, stallMs: 0, first: null,"
            + " since: null, levels: {}};"
            + "v.addEventListener('waiting', () => { if (m.first !== null) { m.waiting++;"
            + " m.since = performance.now(); } });"
            + "v.addEventListener('playing', () => { if (m.first === null) m.first ="
            + " performance.now() - window.__clicked; if (m.since !== null) { m.stallMs +="
            + " performance.now() - m.since; m.since = null; } });"
            + "v.addEventListener('timeupdate', () => { const l = v.parentElement.dataset.level"
            + " ?? '?'; m.levels[l] = (m.levels[l] ?? 0) + 1; });"
            + "v.muted = true; v.play();",
        video);
    Poll.until(
        Duration.ofSeconds(seconds + 120),
        () ->
            ((Number) js.executeScript("return arguments[0].currentTime", video)).doubleValue()
                >= seconds);
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) js.executeScript("return window.__m");
    long fetched =
        ((Number)
                js.executeScript(
                    "return performance.getEntriesByType('resource').filter(e =>"
                        + " e.name.includes('/hls/')).reduce((s, e) => s + e.transferSize, 0)"))
            .longValue();
    @SuppressWarnings("unchecked")
    Map<String, Object> levels = new TreeMap<>((Map<String, Object>) m.get("levels"));
    String names =
        String.valueOf(
            js.executeScript(
                "return [...document.querySelectorAll(\"[data-test='media-quality'] option\")]"
                    + ".map(o => o.value + '=' + o.textContent).join(' ')"));
    double played =
        ((Number) js.executeScript("return arguments[0].currentTime", video)).doubleValue();
    System.out.printf(
        Locale.ROOT,
        "| %s kbit/s | %.1f s | %s | %.1f s | %s | %.0f kbit/s |%n",
        kbit,
        ((Number) m.get("first")).doubleValue() / 1000,
        m.get("waiting"),
        ((Number) m.get("stallMs")).doubleValue() / 1000,
        levels + " (" + names + ")",
        fetched * 8 / played / 1000);
  }
}
