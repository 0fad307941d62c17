package org.classbridge.bench;

import java.net.URI;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.remote.RemoteWebDriver;

/**
 * The web app's first load as a pastoral school sees it: a cold Chromium (fresh profile, empty
 * cache) inside a shaped network namespace opens the login page, then a coordinator logs in. It
 * reports bytes transferred, time to a usable login form, and time and API requests from the login
 * click to the dashboard, median of several runs.
 *
 * <p>Arguments: the chromedriver URL (running inside the namespace), the server's URL as the
 * namespace reaches it, a label, and the number of runs. Run by {@code server/bench/first-load.sh}.
 */
public final class FirstLoadBench {
  record Run(
      long loginBytes, double loginFormMs, double dashboardMs, long apiCalls, long dashBytes) {}

  public static void main(String[] args) throws Exception {
    // the test classpath holds another OpenTelemetry (S3Proxy's) than Selenium's tracing expects
    System.setProperty("webdriver.remote.enableTracing", "false");
    String driverUrl = args[0];
    String site = args[1];
    String label = args[2];
    int runs = Integer.parseInt(args[3]);
    List<Run> all = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      all.add(once(driverUrl, site));
    }
    System.out.printf(
        Locale.ROOT,
        "| %s | %s bytes | %.0f ms | %.0f ms | %d | %s bytes |%n",
        label,
        median(all.stream().map(r -> (double) r.loginBytes()).toList()),
        medianOf(all.stream().map(Run::loginFormMs).toList()),
        medianOf(all.stream().map(Run::dashboardMs).toList()),
        all.get(0).apiCalls(),
        median(all.stream().map(r -> (double) r.dashBytes()).toList()));
  }

  /** The median as a whole number with thousands separators. */
  static String median(List<Double> values) {
    return String.format(Locale.ROOT, "%,d", Math.round(medianOf(values)));
  }

  static double medianOf(List<Double> values) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    return sorted.get(sorted.size() / 2);
  }

  @SuppressWarnings("unchecked")
  static Run once(String driverUrl, String site) throws Exception {
    ChromeOptions options =
        org.classbridge.testing.Chromium.options(
            Files.createTempDirectory("cb-first-load"), List.of());
    WebDriver browser = new RemoteWebDriver(URI.create(driverUrl).toURL(), options);
    try {
      JavascriptExecutor js = (JavascriptExecutor) browser;
      browser.get(site);
      // the login form is usable once its submit button is in the page
      double formMs = -1;
      for (int i = 0; i < 600 && formMs < 0; i++) {
        Object t =
            js.executeScript(
                "return document.querySelector(\"[data-test='login-submit']\")"
                    + " ? performance.now() : null");
        if (t != null) {
          formMs = ((Number) t).doubleValue();
        } else {
          Thread.sleep(20);
        }
      }
      js.executeAsyncScript("document.fonts.ready.then(arguments[arguments.length - 1])");
      long loginBytes = bytes(js);
      int before =
          ((Number) js.executeScript("return performance.getEntriesByType('resource').length"))
              .intValue();
      browser.findElement(By.cssSelector("[data-test='login-username']")).sendKeys("coordinator");
      browser.findElement(By.cssSelector("[data-test='login-password']")).sendKeys("classbridge");
      double clicked = ((Number) js.executeScript("return performance.now()")).doubleValue();
      browser.findElement(By.cssSelector("[data-test='login-submit']")).click();
      double dashMs = -1;
      for (int i = 0; i < 1500 && dashMs < 0; i++) {
        Object t =
            js.executeScript(
                "return document.querySelector(\"[data-test='group-schools']\")"
                    + " ? performance.now() : null");
        if (t != null) {
          dashMs = ((Number) t).doubleValue() - clicked;
        } else {
          Thread.sleep(20);
        }
      }
      List<Map<String, Object>> after =
          (List<Map<String, Object>>)
              js.executeScript(
                  "return performance.getEntriesByType('resource').slice(arguments[0])"
                      + ".map(e => ({name: e.name, size: e.transferSize, start: e.startTime}))",
                  before);
      double dashAt = clicked + dashMs;
      long api =
          after.stream()
              .filter(e -> ((String) e.get("name")).contains("/api/v1/"))
              .filter(e -> ((Number) e.get("start")).doubleValue() <= dashAt)
              .count();
      long dashBytes = after.stream().mapToLong(e -> ((Number) e.get("size")).longValue()).sum();
      return new Run(loginBytes, formMs, dashMs, api, dashBytes);
    } finally {
      browser.quit();
    }
  }

  @SuppressWarnings("unchecked")
  static long bytes(JavascriptExecutor js) {
    long page =
        ((Number)
                js.executeScript(
                    "return performance.getEntriesByType('navigation')[0].transferSize"))
            .longValue();
    List<Number> sizes =
        (List<Number>)
            js.executeScript(
                "return performance.getEntriesByType('resource').map(e => e.transferSize)");
    return page + sizes.stream().mapToLong(Number::longValue).sum();
  }
}
