package org.classbridge.testing;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/**
 * Debian's headless Chromium through its chromedriver (a test tool's own browser download does not
 * work on these machines). Tests are skipped, and say so, where it is not installed.
 */
public final class Chromium {
  public static final String BINARY = "/usr/bin/chromium";
  public static final String DRIVER = "/usr/bin/chromedriver";

  /**
   * What a classroom's browser needs in a test: a fake camera and microphone (a test pattern and a
   * tone), the permission prompt answered yes, media that plays without a click, and WebRTC allowed
   * to use loopback addresses (both browsers and the TURN server share this machine).
   */
  public static final List<String> FAKE_CLASSROOM =
      List.of(
          "--use-fake-device-for-media-stream",
          "--use-fake-ui-for-media-stream",
          "--autoplay-policy=no-user-gesture-required",
          "--allow-loopback-in-peer-connection");

  private Chromium() {}

  public static void skipUnlessInstalled() {
    if (!Files.isExecutable(Path.of(BINARY)) || !Files.isExecutable(Path.of(DRIVER))) {
      String message =
          "SKIPPED browser tests: Debian chromium and chromium-driver are not installed"
              + " (apt-get install chromium chromium-driver; .ci/run does)";
      System.err.println("\n*** " + message + " ***\n");
      Assumptions.abort(message);
    }
  }

  /** A fresh headless browser with its own profile under {@code dir}, plus {@code extra} flags. */
  public static ChromeDriver start(Path dir, List<String> extra) throws Exception {
    ChromeDriverService service =
        new ChromeDriverService.Builder().usingDriverExecutable(new File(DRIVER)).build();
    return new ChromeDriver(service, options(Files.createTempDirectory(dir, "chromium"), extra));
  }

  /**
   * The flags every test browser runs with (headless, no first-run or background traffic), its
   * profile in {@code profile}, plus {@code extra}: for a driver started here or elsewhere (a
   * chromedriver inside a shaped network namespace).
   */
  public static ChromeOptions options(Path profile, List<String> extra) {
    ChromeOptions options = new ChromeOptions();
    options.setBinary(BINARY);
    options.addArguments(
        "--headless=new",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--window-size=1280,900",
        "--user-data-dir=" + profile);
    options.addArguments(extra);
    return options;
  }
}
