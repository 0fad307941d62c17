package org.classbridge.app;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -XX:ArchiveClassesAtExit=classbridge.jsa -jar classbridge.jar training-run}: a first
 * start and a first visit, so the JVM can write down the classes they load. The build runs it once
 * after packaging; {@code java -XX:SharedArchiveFile=classbridge.jsa -jar classbridge.jar} then
 * maps those classes from the archive instead of finding, verifying and parsing each in the jar,
 * which is most of what a start costs on two cores (BENCHMARKS.md, Start-up).
 *
 * <p>It starts on embedded defaults in a throw-away data directory with the demo data (the first
 * start a newcomer makes), signs in as each demo role and reads what their dashboard reads, then
 * stops. Everything it touches is what a real start touches; nothing is kept but the archive.
 */
final class TrainingRun {
  private static final Logger LOG = LoggerFactory.getLogger(TrainingRun.class);

  /** Who signs in, and what a first visit of theirs reads (paths, not hard-coded answers). */
  private static final Map<String, List<String>> VISITS =
      Map.of(
          "coordinator",
          List.of(
              "/api/v1/me/dashboard",
              "/api/v1/schools",
              "/api/v1/terms",
              "/api/v1/groups",
              "/api/v1/pairings"),
          "teacher.xining",
          List.of(
              "/api/v1/me/dashboard",
              "/api/v1/me/timetable",
              "/api/v1/resources",
              "/api/v1/studios",
              "/api/v1/curriculum"),
          "student.yushu",
          List.of(
              "/api/v1/me/dashboard",
              "/api/v1/resources",
              "/api/v1/search?q=%E5%8B%BE%E8%82%A1",
              "/api/v1/search/suggest?q=gou"));

  private TrainingRun() {}

  static int run(List<String> args) {
    if (!args.isEmpty()) {
      System.err.println("training-run takes no options");
      return 2;
    }
    try {
      return start();
    } catch (Exception e) {
      LOG.error("training run failed: {}", e.getMessage(), e);
      return 1;
    }
  }

  private static int start() throws Exception {
    Path data = Files.createTempDirectory("classbridge-training-");
    Classbridge app = null;
    try {
      app =
          Classbridge.start(
              ConfigLoader.of(
                  Map.of(
                      Setting.DATA, data.toString(),
                      Setting.PORT, "0",
                      Setting.HOST, "127.0.0.1")),
              Clock.systemUTC());
      visit("http://127.0.0.1:" + app.port());
      return 0;
    } finally {
      if (app != null) {
        app.close();
      }
      org.classbridge.common.FileTrees.delete(data);
    }
  }

  private static void visit(String base) throws IOException, InterruptedException {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    int requests = 0;
    List<String> failed = new ArrayList<>();
    for (String page : List.of("/", "/health/ready", "/api/v1/openapi.yaml")) {
      requests++;
      if (get(http, base + page, null) >= 400) {
        failed.add(page);
      }
    }
    for (Map.Entry<String, List<String>> who : VISITS.entrySet()) {
      HttpResponse<String> login =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/login"))
                  .header("Content-Type", "application/json")
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"username\":\"" + who.getKey() + "\",\"password\":\"classbridge\"}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      requests++;
      if (login.statusCode() != 200) {
        throw new IllegalStateException(
            "training run: " + who.getKey() + " could not sign in: " + login.body());
      }
      String token = new io.vertx.core.json.JsonObject(login.body()).getString("token");
      for (String path : who.getValue()) {
        requests++;
        if (get(http, base + path, token) >= 400) {
          failed.add(who.getKey() + " " + path);
        }
      }
    }
    // a refusal is still a fine training request, but a route that refuses its own role means
    // the list above went stale: say so, without failing the build over it
    if (!failed.isEmpty()) {
      LOG.warn("training run: these answered with an error: {}", failed);
    }
    LOG.info("training run: {} requests made", requests);
  }

  private static int get(HttpClient http, String url, String token)
      throws IOException, InterruptedException {
    HttpRequest.Builder req = HttpRequest.newBuilder(URI.create(url)).GET();
    if (token != null) {
      req.header("Authorization", "Bearer " + token);
    }
    // 503 is "try again shortly" (the search index builds in the background on a first start)
    long until = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (true) {
      int status = http.send(req.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
      if (status != 503 || System.nanoTime() > until) {
        return status;
      }
      Thread.sleep(200);
    }
  }
}
