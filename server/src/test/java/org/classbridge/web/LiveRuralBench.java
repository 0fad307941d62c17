package org.classbridge.web;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.testing.Api;
import org.classbridge.testing.Chromium;
import org.classbridge.testing.DemoClasses;
import org.classbridge.testing.MutableClock;
import org.classbridge.testing.TestApp;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;
import org.openqa.selenium.support.ui.Select;

/**
 * A live class as a pastoral school sees it (BENCHMARKS.md): the teacher's browser on this machine,
 * the receiving classroom's browser inside a shaped network namespace (rural-link, e.g. 400 kbit/s
 * each way) driven through a chromedriver running there. For each quality mode of the receiving
 * room, the bitrate and picture height it receives from the teacher, and what its own camera gets
 * up the link.
 *
 * <p>Arguments: the host-side address of the namespace (the server listens there), and the
 * chromedriver URL inside it. Run by {@code server/bench/live-rural.sh}.
 */
public final class LiveRuralBench {
  private LiveRuralBench() {}

  public static void main(String[] args) throws Exception {
    String hostAddress = args[0];
    String driverUrl = args[1];
    Path data = Files.createTempDirectory("live-rural");
    try (Classbridge app =
        Classbridge.start(
            TestApp.config(data, Map.of(Setting.HOST, "0.0.0.0")),
            new MutableClock(DemoClasses.MATHS_10_05))) {
      Api api = new Api(app.port());
      String session = DemoClasses.maths(api);
      WebDriver teacher = Chromium.start(data, Chromium.FAKE_CLASSROOM);
      ChromeOptions options =
          Chromium.options(
              Files.createTempDirectory("live-rural-chromium"), Chromium.FAKE_CLASSROOM);
      // cameras need a secure context: production serves HTTPS; this bench plain HTTP on an
      // address that is not localhost
      options.addArguments(
          "--unsafely-treat-insecure-origin-as-secure=http://" + hostAddress + ":" + app.port());
      // Selenium's remote tracing wants an OpenTelemetry the test classpath does not carry
      System.setProperty("webdriver.remote.enableTracing", "false");
      WebDriver rural = new RemoteWebDriver(URI.create(driverUrl).toURL(), options);
      try {
        open(teacher, "http://127.0.0.1:" + app.port(), "teacher.xining", session);
        long t0 = System.nanoTime();
        open(rural, "http://" + hostAddress + ":" + app.port(), "teacher.guoluo", session);
        String t = self(teacher);
        String r = self(rural);
        waitBytes(rural, t);
        waitBytes(teacher, r);
        System.out.printf(
            "receiving room on the shaped link: page, login and class page to media both ways in"
                + " %.1f s%n",
            (System.nanoTime() - t0) / 1e9);
        System.out.println();
        System.out.println(
            "| receiving room's mode | teacher video received (kbit/s) | picture height |"
                + " teacher's picture asked | room's camera sent up (kbit/s, at the teacher) |");
        System.out.println("|---|---|---|---|---|");
        for (String[] mode :
            List.of(
                new String[] {
                  "normal", "the room's default (180 under a 1 Mbit/s uplink, else 360)"
                },
                new String[] {"low", "180"},
                new String[] {"audio", "0 (audio only)"})) {
          new Select(rural.findElement(By.cssSelector("[data-test='live-mode']")))
              .selectByValue(mode[0]);
          Thread.sleep(8000); // let the sender and congestion control settle
          long down0 = bytes(rural, t);
          long up0 = bytes(teacher, r);
          Thread.sleep(20_000);
          double down = (bytes(rural, t) - down0) * 8 / 20_000.0;
          double up = (bytes(teacher, r) - up0) * 8 / 20_000.0;
          Object height =
              ((JavascriptExecutor) rural)
                  .executeScript(
                      "const v = document.querySelector(\"[data-test='live-tile'][data-endpoint='"
                          + t
                          + "'] video\"); return v ? v.videoHeight : 0;");
          System.out.printf("| %s | %.0f | %s | %s | %.0f |%n", mode[0], down, height, mode[1], up);
        }
      } finally {
        rural.quit();
        teacher.quit();
      }
    }
  }

  static void open(WebDriver b, String base, String user, String session) {
    LiveClassBrowserTest.openClass(b, base, user, session, "live-roster", 60);
  }

  static String self(WebDriver b) {
    return LiveClassBrowserTest.endpointOf(b);
  }

  static long bytes(WebDriver b, String endpoint) {
    Object v =
        ((JavascriptExecutor) b)
            .executeScript(
                "const t = document.querySelector(\"[data-test='live-tile'][data-endpoint='"
                    + endpoint
                    + "']\"); return t ? t.dataset.bytesReceived || '0' : '0';");
    return Long.parseLong(String.valueOf(v));
  }

  static void waitBytes(WebDriver b, String endpoint) {
    try {
      LiveClassBrowserTest.flowing(b, endpoint, 90);
    } catch (RuntimeException e) {
      Object state =
          ((JavascriptExecutor) b)
              .executeScript(
                  "return [...document.querySelectorAll(\"[data-test='live-tile']\")].map(t =>"
                      + " JSON.stringify(t.dataset)).join(' ') + ' | ' +"
                      + " document.querySelector(\"[data-test='live-status']\").textContent;");
      throw new IllegalStateException("no media from " + endpoint + ": " + state, e);
    }
  }
}
