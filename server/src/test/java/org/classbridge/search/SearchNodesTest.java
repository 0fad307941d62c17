package org.classbridge.search;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.classbridge.testing.Api;
import org.classbridge.testing.Library;
import org.classbridge.testing.Poll;
import org.classbridge.testing.PostgresSchema;
import org.classbridge.testing.ServerNodes;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two server processes sharing PostgreSQL, each with its own index and no EventBus between them: a
 * change made through one is searchable on the other within 2 s. The second node is killed
 * (SIGKILL) while it indexes a burst of changes, its index is deleted, and a file of it is removed;
 * each time it comes back by itself to what a fresh rebuild gives.
 */
class SearchNodesTest {
  @TempDir Path data;

  static final List<String> QUERIES =
      List.of("", "q=" + enc("批量"), "q=" + enc("勾股"), "q=pl", "subject=physics", "q=" + enc("节点"));

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** What a node answers to the probe queries: totals, facet counts, the first page's ids. */
  static List<String> answers(Api api, String token) {
    List<String> out = new ArrayList<>();
    for (String q : QUERIES) {
      Api.Response r = api.get("/api/v1/search?size=50&" + q, token);
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      JsonObject j = r.json();
      Set<String> ids = new TreeSet<>();
      j.getJsonArray("items").forEach(o -> ids.add(((JsonObject) o).getString("id")));
      JsonObject facets = j.getJsonObject("facets").copy();
      // counts per value, order-independent
      StringBuilder counts = new StringBuilder();
      for (String dim : new TreeSet<>(facets.fieldNames())) {
        if (facets.getValue(dim) instanceof JsonArray values && !"curriculum".equals(dim)) {
          Set<String> entries = new TreeSet<>();
          values.forEach(
              v ->
                  entries.add(
                      ((JsonObject) v).getString("value")
                          + "="
                          + ((JsonObject) v).getLong("count")));
          counts.append(dim).append(entries);
        }
      }
      out.add(
          q
              + " total="
              + j.getLong("total")
              + " "
              + counts
              + " ids="
              + (j.getLong("total") <= 50 ? ids : "-"));
    }
    return out;
  }

  static void rebuildAndWait(Api api) {
    String admin = api.login("admin", "classbridge");
    Api.Response started =
        api.send(
            api.builder("/api/v1/admin/search/reindex", admin)
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(started.status()).as("%s", started).isEqualTo(202);
    assertThat(
            Poll.until(
                Duration.ofSeconds(60),
                () -> !api.get("/api/v1/admin/search", admin).json().getBoolean("rebuilding")))
        .isTrue();
  }

  @Test
  @DisplayName(
      "a change through node A is searchable on node B within 2 s; B killed mid-indexing, its index deleted or damaged, recovers to a fresh rebuild's results")
  void twoNodesAndRecovery() throws Exception {
    try (PostgresSchema schema = PostgresSchema.createOrSkip("SearchNodesTest");
        ServerNodes nodes = new ServerNodes(data)) {
      ServerNodes.Node a = nodes.start("a", schema.url(), List.of());
      ServerNodes.Node b = nodes.start("b", schema.url(), List.of());
      SearchTesting.awaitIndexed(a.api());
      SearchTesting.awaitIndexed(b.api());
      String teacher = a.api().login("teacher.xining", "classbridge");
      Library onA = new Library(a.api());

      // 1. through A, findable on B within 2 s (no shared EventBus: B reads the change log)
      String title = "节点之间的检索同步";
      long t0 = System.nanoTime();
      String id = onA.draft(teacher, new JsonObject().put("title", title));
      assertThat(
              Poll.until(
                  Duration.ofSeconds(2),
                  () ->
                      SearchApiContract.titlesOf(
                              b.api().get("/api/v1/search?q=" + enc("检索同步"), teacher))
                          .contains(title)))
          .as("node B finds what node A created within 2 s")
          .isTrue();
      System.out.printf(
          "created on A, searchable on B after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      Api.Response current = a.api().get("/api/v1/resources/" + id, teacher);
      Api.Response renamed =
          a.api()
              .patch(
                  "/api/v1/resources/" + id,
                  teacher,
                  current.header("ETag"),
                  new JsonObject().put("title", "节点之间的索引同步"));
      assertThat(renamed.status()).as("%s", renamed).isEqualTo(200);
      assertThat(
              Poll.until(
                  Duration.ofSeconds(2),
                  () ->
                      SearchApiContract.titlesOf(
                              b.api().get("/api/v1/search?q=" + enc("索引同步"), teacher))
                          .contains("节点之间的索引同步")))
          .isTrue();

      // 2. a burst of changes through A; B is killed while it indexes them
      List<String> burst = new ArrayList<>();
      for (int i = 0; i < 240; i++) {
        burst.add(onA.draft(teacher, new JsonObject().put("title", "批量导入的练习 第" + i + "课")));
        if (i == 120) {
          b.kill();
        }
      }
      ServerNodes.Node b2 = nodes.start("b", schema.url(), List.of());
      SearchTesting.awaitIndexed(b2.api());
      List<String> recovered = answers(b2.api(), teacher);
      assertThat(recovered.get(1)).contains("total=240");
      rebuildAndWait(b2.api());
      assertThat(answers(b2.api(), teacher)).as("after a kill -9").isEqualTo(recovered);
      assertThat(answers(a.api(), teacher)).as("node A agrees").isEqualTo(recovered);

      // 3. B's index directory deleted while B is down
      b2.kill();
      deleteTree(b2.dir().resolve("search"));
      ServerNodes.Node b3 = nodes.start("b", schema.url(), List.of());
      SearchTesting.awaitIndexed(b3.api());
      assertThat(answers(b3.api(), teacher)).as("after deleting the index").isEqualTo(recovered);

      // 4. a file of B's index removed (a damaged disk, a careless hand)
      b3.kill();
      Path segmentInfo;
      try (Stream<Path> files = Files.walk(b3.dir().resolve("search"))) {
        segmentInfo = files.filter(p -> p.toString().endsWith(".si")).findFirst().orElseThrow();
      }
      Files.delete(segmentInfo);
      ServerNodes.Node b4 = nodes.start("b", schema.url(), List.of());
      SearchTesting.awaitIndexed(b4.api());
      assertThat(answers(b4.api(), teacher)).as("after damage").isEqualTo(recovered);
      assertThat(Files.readString(b4.dir().resolve("server.log"))).contains("cannot be opened");
    }
  }

  static void deleteTree(Path dir) throws Exception {
    try (Stream<Path> walk = Files.walk(dir)) {
      for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
