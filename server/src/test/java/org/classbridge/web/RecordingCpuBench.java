package org.classbridge.web;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.classbridge.app.Classbridge;
import org.classbridge.testing.Api;
import org.classbridge.testing.Chromium;
import org.classbridge.testing.DemoClasses;
import org.classbridge.testing.MutableClock;
import org.classbridge.testing.TestApp;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The main classroom's extra CPU while it records (BENCHMARKS.md): the teacher's class page in
 * headless Chromium with its fake camera and microphone, first in class without recording, then
 * recording (the 1280×720 canvas at 15 fps, VP8 at 1.2 Mbit/s, Opus), each for the same span; the
 * CPU time of every Chromium process of that browser, from /proc. Run by {@code
 * server/bench/recording-cpu.sh}.
 */
public final class RecordingCpuBench {
  private RecordingCpuBench() {}

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
    Path data = Files.createTempDirectory("recording-cpu");
    try (Classbridge app =
        Classbridge.start(
            TestApp.config(data, Map.of()), new MutableClock(DemoClasses.MATHS_10_05))) {
      String session = DemoClasses.maths(new Api(app.port()));
      Path profiles = Files.createDirectories(data.resolve("browsers"));
      WebDriver b = Chromium.start(profiles, Chromium.FAKE_CLASSROOM);
      try {
        LiveClassBrowserTest.openClass(
            b, "http://127.0.0.1:" + app.port(), "teacher.xining", session, "live-record", 30);
        // measured once the camera shows in the page
        new WebDriverWait(b, Duration.ofSeconds(30))
            .until(
                d ->
                    ((Number)
                                ((org.openqa.selenium.JavascriptExecutor) d)
                                    .executeScript(
                                        "return document.querySelector("
                                            + "\"[data-test='live-preview']\").videoWidth"))
                            .intValue()
                        > 0);
        double idle = cpu(profiles, seconds);
        b.findElement(By.cssSelector("[data-test='live-record']")).click();
        new WebDriverWait(b, Duration.ofSeconds(10))
            .until(
                ExpectedConditions.textMatches(
                    By.cssSelector("[data-test='live-record-state']"),
                    java.util.regex.Pattern.compile("● 00:0[1-9]")));
        double recording = cpu(profiles, seconds);
        b.findElement(By.cssSelector("[data-test='live-record']")).click();
        System.out.printf(
            Locale.ROOT,
            "| in class, not recording | %d s | %.0f %% |%n| in class, recording | %d s | %.0f %%"
                + " |%n| extra for recording | | %.0f %% of a core (%.2f× the page's own) |%n",
            seconds,
            idle,
            seconds,
            recording,
            recording - idle,
            recording / idle);
      } finally {
        b.quit();
      }
    }
  }

  /** CPU of this browser's processes over {@code seconds}, in percent of one core. */
  static double cpu(Path profiles, int seconds) throws Exception {
    long before = ticks(profiles);
    long t0 = System.nanoTime();
    Thread.sleep(seconds * 1000L);
    long after = ticks(profiles);
    double wall = (System.nanoTime() - t0) / 1e9;
    return (after - before) / 100.0 / wall * 100;
  }

  /** utime + stime of every process whose command line names a profile under {@code profiles}. */
  static long ticks(Path profiles) throws Exception {
    long sum = 0;
    try (var procs = Files.list(Path.of("/proc"))) {
      for (Path p : procs.toList()) {
        if (!p.getFileName().toString().matches("[0-9]+")) {
          continue;
        }
        try {
          String cmd = new String(Files.readAllBytes(p.resolve("cmdline"))).replace('\0', ' ');
          if (!cmd.contains(profiles.toString())) {
            continue;
          }
          String stat = Files.readString(p.resolve("stat"));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          sum += Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (java.io.IOException gone) {
          // the process ended between listing and reading
        }
      }
    }
    return sum;
  }
}
