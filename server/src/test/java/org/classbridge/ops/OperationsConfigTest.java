package org.classbridge.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.classbridge.app.Classbridge;
import org.classbridge.testing.Api;
import org.classbridge.testing.Library;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;

/**
 * The operator's files in server/deploy (Prometheus scrape config, alert rules, Grafana dashboard)
 * against a real node: after a morning's worth of activity (a search, a refused booking, an upload,
 * a lesson streamed) every Classbridge, pool, HTTP and JVM metric they name is in its /metrics, so
 * no alert or panel watches a name that does not exist. promtool (Debian's prometheus package)
 * checks the rules and the config when it is installed; without it that part is skipped, and says
 * so.
 */
class OperationsConfigTest {
  private static final Path DEPLOY = Path.of("deploy");

  /**
   * Metric names of ours and of the libraries we expose; others (up, node_*) come from elsewhere.
   */
  private static final Pattern METRIC =
      Pattern.compile("\\b((?:classbridge|hikaricp|vertx|jvm)_[a-z0-9_]+)\\b");

  @TempDir Path data;

  @SuppressWarnings("unchecked")
  private static List<String> alertExpressions() throws Exception {
    try (InputStream in = Files.newInputStream(DEPLOY.resolve("prometheus/alerts.yml"))) {
      Map<String, Object> doc = new Yaml().load(in);
      List<String> out = new java.util.ArrayList<>();
      for (Map<String, Object> group : (List<Map<String, Object>>) doc.get("groups")) {
        for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
          assertThat(rule).containsKeys("alert", "expr", "labels", "annotations");
          assertThat((Map<String, Object>) rule.get("labels")).containsKey("severity");
          assertThat((Map<String, Object>) rule.get("annotations")).containsKey("summary");
          out.add((String) rule.get("expr"));
        }
      }
      return out;
    }
  }

  private static List<String> dashboardExpressions() throws Exception {
    JsonObject dash = new JsonObject(Files.readString(DEPLOY.resolve("grafana/classbridge.json")));
    assertThat(dash.getString("uid")).isEqualTo("classbridge");
    List<String> out = new java.util.ArrayList<>();
    for (Object p : dash.getJsonArray("panels")) {
      JsonArray targets = ((JsonObject) p).getJsonArray("targets");
      assertThat(targets).as("panel %s", p).isNotEmpty();
      for (Object t : targets) {
        out.add(((JsonObject) t).getString("expr"));
      }
    }
    return out;
  }

  private static Set<String> named(List<String> expressions) {
    Set<String> out = new TreeSet<>();
    for (String e : expressions) {
      Matcher m = METRIC.matcher(e);
      while (m.find()) {
        out.add(m.group(1));
      }
    }
    return out;
  }

  @Test
  @DisplayName(
      "every metric the alert rules and the dashboard name is exposed by a node, and promtool accepts the rules and the scrape config")
  void alertsAndDashboardWatchRealMetrics() throws Exception {
    Set<String> wanted = named(alertExpressions());
    wanted.addAll(named(dashboardExpressions()));
    assertThat(wanted).contains("classbridge_bookings_total", "classbridge_search_seconds_bucket");
    try (Classbridge app = TestApp.start(data, Map.of())) {
      Api api = new Api(app.port());
      String admin = api.login("admin", "classbridge");
      String teacher = api.login("teacher.xining", "classbridge");
      String coordinator = api.login("coordinator", "classbridge");
      // a search, a lesson streamed, an upload, a booking refused for a clash
      // (the index builds itself right after start: 503 until it has)
      int[] searched = {0};
      org.classbridge.testing.Poll.until(
          java.time.Duration.ofSeconds(30),
          () -> (searched[0] = api.get("/api/v1/search?q=gougu", teacher).status()) != 503);
      assertThat(searched[0]).isEqualTo(200);
      JsonObject withFile =
          api.get("/api/v1/resources?size=50", coordinator).items().stream()
              .map(JsonObject.class::cast)
              .filter(r -> r.getJsonObject("file") != null)
              .findFirst()
              .orElseThrow();
      Api.Response streamed = api.get(withFile.getJsonObject("file").getString("url"), coordinator);
      assertThat(streamed.status()).as("%s", streamed).isEqualTo(200);
      Library library = new Library(api);
      library.attachText(teacher, library.draft(teacher, new JsonObject().put("title", "教案")), "一");
      JsonObject maths =
          api.get("/api/v1/me/timetable?from=2026-12-01&to=2026-12-01", teacher)
              .items()
              .getJsonObject(0);
      JsonObject full = api.get("/api/v1/sessions/" + maths.getString("id"), coordinator).json();
      JsonObject receiver = full.getJsonArray("receivers").getJsonObject(0);
      Api.Response clash =
          api.post(
              "/api/v1/sessions",
              coordinator,
              new JsonObject()
                  .put("termId", full.getString("termId"))
                  .put("subject", "maths")
                  .put("teacherId", full.getJsonObject("teacher").getString("id"))
                  .put("mainClassroomId", full.getJsonObject("mainClassroom").getString("id"))
                  .put(
                      "receivers",
                      new JsonArray()
                          .add(
                              new JsonObject()
                                  .put(
                                      "classroomId",
                                      receiver.getJsonObject("classroom").getString("id"))
                                  .put("classId", receiver.getJsonObject("class").getString("id"))))
                  .put("startsAt", full.getString("startsAt"))
                  .put("endsAt", full.getString("endsAt")));
      assertThat(clash.status()).isEqualTo(409);

      String scrape = api.get("/metrics", admin).body();
      Set<String> exposed = new TreeSet<>();
      scrape
          .lines()
          .filter(l -> !l.startsWith("#") && !l.isBlank())
          .forEach(l -> exposed.add(l.split("[{ ]", 2)[0]));
      assertThat(exposed).containsAll(wanted);
      // and they counted what happened
      for (String series :
          List.of(
              "classbridge_bookings_total{outcome=\"conflict\"}",
              "classbridge_uploads_total{event=\"completed\"}",
              "classbridge_deliveries_total{range=\"whole\"}",
              "classbridge_upload_bytes_total",
              "classbridge_search_seconds_count{kind=\"search\"}")) {
        double value =
            scrape
                .lines()
                .filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1).strip()))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + series + " in the scrape"));
        assertThat(value).as(series).isGreaterThanOrEqualTo(1);
      }
    }

    Path promtool = Path.of("/usr/bin/promtool");
    org.junit.jupiter.api.Assumptions.assumeTrue(
        Files.isExecutable(promtool),
        "promtool is not installed (apt-get install prometheus): rules and config not checked");
    Path dir = Files.createTempDirectory("prometheus");
    Files.copy(DEPLOY.resolve("prometheus/alerts.yml"), dir.resolve("alerts.yml"));
    Path token = Files.writeString(dir.resolve("token"), "scraper-token");
    Files.writeString(
        dir.resolve("prometheus.yml"),
        Files.readString(DEPLOY.resolve("prometheus/prometheus.yml"))
            .replace("/etc/prometheus/classbridge-metrics.token", token.toString()));
    for (List<String> check :
        List.of(
            List.of(promtool.toString(), "check", "rules", dir.resolve("alerts.yml").toString()),
            List.of(
                promtool.toString(),
                "check",
                "config",
                dir.resolve("prometheus.yml").toString()))) {
      Process p = new ProcessBuilder(check).redirectErrorStream(true).start();
      String out = new String(p.getInputStream().readAllBytes());
      assertThat(p.waitFor()).as("%s: %s", check, out).isZero();
    }
  }
}
