package org.classbridge.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.classbridge.app.Classbridge;
import org.classbridge.testing.Api;
import org.classbridge.testing.TestApp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The judged query set (src/test/resources/search/judged-queries.tsv) against the demo library,
 * through the API as a pupil: precision@3 overall and per script, printed, with a floor under each.
 */
class RelevanceTest {
  @TempDir static Path data;
  static Classbridge app;
  static Api api;

  record Judged(String query, String script, Set<String> relevant) {}

  @BeforeAll
  static void start() throws Exception {
    app = TestApp.start(data);
    api = new Api(app.port());
    SearchTesting.awaitIndexed(api);
  }

  @AfterAll
  static void stop() {
    app.close();
  }

  static List<Judged> judged() throws IOException {
    List<Judged> out = new ArrayList<>();
    try (InputStream in = RelevanceTest.class.getResourceAsStream("/search/judged-queries.tsv")) {
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        out.add(new Judged(f[0], f[1], Set.of(f[2].split("\\|"))));
      }
    }
    return out;
  }

  @Test
  @DisplayName("the judged queries: precision@3 at least 0.9 overall and 0.8 in every script")
  void precisionAtThree() throws IOException {
    List<Judged> set = judged();
    assertThat(set).hasSizeGreaterThanOrEqualTo(40);
    String pupil = api.login("student.yushu", "classbridge");
    Map<String, double[]> byScript = new LinkedHashMap<>();
    double total = 0;
    List<String> misses = new ArrayList<>();
    for (Judged j : set) {
      Api.Response r =
          api.get(
              "/api/v1/search?size=3&q=" + URLEncoder.encode(j.query(), StandardCharsets.UTF_8),
              pupil);
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      List<String> top =
          r.json().getJsonArray("items").stream()
              .map(o -> ((JsonObject) o).getString("title"))
              .toList();
      long good = top.stream().filter(j.relevant()::contains).count();
      double p = good / (double) Math.min(3, j.relevant().size());
      total += p;
      double[] s = byScript.computeIfAbsent(j.script(), k -> new double[2]);
      s[0] += p;
      s[1]++;
      if (p < 1) {
        misses.add(String.format("  %-20s p@3=%.2f top=%s", j.query(), p, top));
      }
    }
    double overall = total / set.size();
    System.out.printf(
        "search relevance: %d judged queries, precision@3 %.3f%n", set.size(), overall);
    byScript.forEach(
        (script, s) ->
            System.out.printf(
                "  %-9s %2d queries  precision@3 %.3f%n", script, (int) s[1], s[0] / s[1]));
    misses.forEach(System.out::println);
    assertThat(overall).as("overall precision@3").isGreaterThanOrEqualTo(0.9);
    byScript.forEach(
        (script, s) ->
            assertThat(s[0] / s[1]).as("precision@3 of %s", script).isGreaterThanOrEqualTo(0.8));
  }
}
