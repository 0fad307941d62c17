package org.classbridge.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.classbridge.testing.Problems.assertProblem;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.classbridge.app.Classbridge;
import org.classbridge.testing.Api;
import org.classbridge.testing.Library;
import org.classbridge.testing.OtherGroup;
import org.classbridge.testing.Poll;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Search over HTTP on the demo library: what pupils, teachers and coordinators find, how quickly a
 * change is findable, what facet counts say (and do not leak), suggest and related, bad input, and
 * the admin's view of the index.
 */
abstract class SearchApiContract {
  @TempDir static Path data;
  static Classbridge app;
  static Api api;

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
      app = null;
    }
  }

  static String token(String user) {
    return api.login(user, "classbridge");
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static Api.Response raw(String token, String query) {
    return api.get("/api/v1/search?" + query, token);
  }

  static JsonObject search(String token, String query) {
    Api.Response r = raw(token, query);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    return r.json();
  }

  static List<String> titlesOf(Api.Response r) {
    return r.status() == 200 ? titles(r.json()) : List.of();
  }

  static List<String> titles(JsonObject result) {
    return result.getJsonArray("items").stream()
        .map(o -> ((JsonObject) o).getString("title"))
        .toList();
  }

  static boolean finds(String token, String q, String title) {
    return titles(search(token, "q=" + enc(q) + "&size=50")).contains(title);
  }

  static long facetCount(JsonObject result, String dim, String value) {
    return result.getJsonObject("facets").getJsonArray(dim).stream()
        .map(o -> (JsonObject) o)
        .filter(o -> o.getString("value").equals(value))
        .mapToLong(o -> o.getLong("count"))
        .findFirst()
        .orElse(0);
  }

  @Test
  @DisplayName("a pupil finds 勾股定理 by Chinese, full pinyin, initials and Tibetan, highlighted")
  void scripts() {
    String pupil = token("student.yushu");
    for (String q :
        List.of("勾股", "勾股定理", "gougu", "gou gu ding li", "gou\u3000gu", "ggdl", "ཟུར་དྲང")) {
      List<String> top = titles(search(pupil, "q=" + enc(q)));
      assertThat(top).as(q).isNotEmpty();
      assertThat(top.subList(0, Math.min(3, top.size()))).as(q).allMatch(t -> t.contains("勾股"));
    }
    JsonObject hit = search(pupil, "q=" + enc("gougu")).getJsonArray("items").getJsonObject(0);
    assertThat(hit.getJsonObject("highlight").getString("title")).contains("<mark>勾股</mark>");
    JsonObject bo = search(pupil, "q=" + enc("ཟུར་དྲང")).getJsonArray("items").getJsonObject(0);
    assertThat(bo.getJsonObject("highlight").getString("titleBo")).contains("<mark>");
    // one character: 圆 finds 圆周角 through the unigram field
    assertThat(titles(search(pupil, "q=" + enc("圆")))).contains("圆周角");
    // the card carries what the result list shows, and no internal ids
    assertThat(hit.getString("teacherName")).isNotBlank();
    assertThat(hit.containsKey("groupId")).isFalse();
  }

  @Test
  @DisplayName(
      "a new draft is findable by its school within 1 s, never by pupils; published, by pupils; archived, by nobody")
  void nearRealTimeAndPermissions() {
    String teacher = token("teacher.xining");
    String otherSchool = token("teacher.yushu");
    String pupil = token("student.yushu");
    String coordinator = token("coordinator");
    Library library = new Library(api);
    JsonObject before = search(pupil, "");
    String title = "托里拆利实验测大气压强";
    String id =
        library.draft(
            teacher,
            new JsonObject()
                .put("title", title)
                .put("subject", "physics")
                .put("description", "用水银柱测量大气压强 (Torricelli barometer)"));
    long t0 = System.nanoTime();
    assertThat(Poll.until(Duration.ofSeconds(1), () -> finds(teacher, "托里拆利", title)))
        .as("the author's school finds a draft within 1 s")
        .isTrue();
    System.out.printf("draft searchable after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
    assertThat(finds(coordinator, "大气压强", title)).isTrue();
    assertThat(finds(otherSchool, "托里拆利", title)).isFalse();
    assertThat(finds(pupil, "托里拆利", title)).isFalse();
    assertThat(finds(pupil, "torricelli", title)).isFalse();
    // facet counts do not count it for the pupil either
    JsonObject after = search(pupil, "");
    assertThat(facetCount(after, "subject", "physics"))
        .isEqualTo(facetCount(before, "subject", "physics"));
    assertThat(after.getLong("total")).isEqualTo(before.getLong("total"));
    // suggest and related do not show it
    Api.Response suggested = api.get("/api/v1/search/suggest?q=" + enc("托里"), pupil);
    assertThat(suggested.json().getJsonArray("items")).isEmpty();
    assertProblem(
        api.get("/api/v1/resources/" + id + "/related", pupil), 404, "resource-not-found");

    library.attachText(teacher, id, "托里拆利实验教案");
    library.setStatus(coordinator, id, "published", null);
    assertThat(Poll.until(Duration.ofSeconds(1), () -> finds(pupil, "托里拆利", title))).isTrue();
    assertThat(finds(pupil, "torricelli", title)).as("English in the description").isTrue();
    assertThat(facetCount(search(pupil, ""), "subject", "physics"))
        .isEqualTo(facetCount(before, "subject", "physics") + 1);

    library.setStatus(coordinator, id, "archived", null);
    assertThat(Poll.until(Duration.ofSeconds(1), () -> !finds(teacher, "托里拆利", title))).isTrue();
    assertThat(finds(pupil, "托里拆利", title)).isFalse();
  }

  @Test
  @DisplayName(
      "another group's resource published to its group is invisible to ours, in hits and in counts; public, it is found")
  void otherGroups() {
    String admin = token("admin");
    String username = "gonghe.teacher." + Long.toHexString(System.nanoTime());
    OtherGroup.create(
            api, admin, "海南州教育集团-" + UUID.randomUUID(), "共和县第一民族中学", "海南州", "共和县", "pastoral")
        .account(username, "卓玛", "teacher");
    String theirs = token(username);
    String pupil = token("student.yushu");
    Library library = new Library(api);
    JsonObject before = search(pupil, "");
    String title = "青海湖湟鱼洄游";
    String id =
        library.published(
            theirs,
            admin,
            new JsonObject().put("title", title).put("subject", "biology").put("grade", 7),
            "group");
    assertThat(Poll.until(Duration.ofSeconds(1), () -> finds(theirs, "湟鱼", title))).isTrue();
    assertThat(finds(pupil, "湟鱼", title)).isFalse();
    assertThat(finds(pupil, "huangyu", title)).isFalse();
    JsonObject after = search(pupil, "");
    assertThat(after.getLong("total")).isEqualTo(before.getLong("total"));
    assertThat(facetCount(after, "subject", "biology"))
        .isEqualTo(facetCount(before, "subject", "biology"));
    assertThat(facetCount(after, "grade", "7")).isEqualTo(facetCount(before, "grade", "7"));

    library.setStatus(admin, id, "published", "public");
    assertThat(Poll.until(Duration.ofSeconds(1), () -> finds(pupil, "湟鱼", title))).isTrue();
    assertThat(facetCount(search(pupil, ""), "subject", "biology"))
        .isEqualTo(facetCount(before, "subject", "biology") + 1);
  }

  @Test
  @DisplayName(
      "facets: a selected subject narrows hits while other subjects keep their counts; the curriculum tree drills down")
  void facets() {
    String pupil = token("student.yushu");
    JsonObject all = search(pupil, "");
    JsonObject physics = search(pupil, "subject=physics&size=50");
    assertThat(physics.getJsonArray("items"))
        .allMatch(o -> ((JsonObject) o).getString("subject").equals("physics"));
    assertThat(physics.getLong("total")).isEqualTo(facetCount(all, "subject", "physics"));
    // drill sideways: maths still shows how many there would be
    assertThat(facetCount(physics, "subject", "maths"))
        .isEqualTo(facetCount(all, "subject", "maths"))
        .isPositive();
    // ... while other dimensions count physics only
    long physicsGrade8 = facetCount(physics, "grade", "8");
    assertThat(physicsGrade8).isLessThan(facetCount(all, "grade", "8"));
    // two values of one dimension are alternatives
    JsonObject both = search(pupil, "subject=physics&subject=maths&size=1");
    assertThat(both.getLong("total"))
        .isEqualTo(facetCount(all, "subject", "physics") + facetCount(all, "subject", "maths"));

    // the curriculum tree: subject, grade, edition, volume, chapter
    JsonArray levels = all.getJsonObject("facets").getJsonArray("curriculum");
    assertThat(
            levels.getJsonObject(0).getJsonArray("children").stream()
                .map(o -> ((JsonObject) o).getString("value")))
        .contains("maths", "physics");
    JsonObject maths8 = search(pupil, "curriculum=maths&curriculum=8&size=50");
    assertThat(maths8.getJsonArray("items"))
        .allMatch(
            o ->
                ((JsonObject) o).getString("subject").equals("maths")
                    && ((JsonObject) o).getInteger("grade") == 8);
    JsonArray path = maths8.getJsonObject("facets").getJsonArray("curriculum");
    assertThat(path.size()).isGreaterThanOrEqualTo(3);
    assertThat(path.getJsonObject(2).getJsonArray("path").getList()).containsExactly("maths", "8");
    assertThat(path.getJsonObject(2).getJsonArray("children")).isNotEmpty();

    // newest first when browsing; a search orders by relevance unless asked
    JsonObject newest = search(pupil, "sort=newest&size=50");
    List<String> published =
        newest.getJsonArray("items").stream()
            .map(o -> ((JsonObject) o).getString("publishedAt"))
            .toList();
    assertThat(published).isSortedAccordingTo((a, b) -> b.compareTo(a));
    assertThat(search(pupil, "q=" + enc("勾股") + "&sort=most-viewed").getString("order"))
        .isEqualTo("most-viewed");
  }

  @Test
  @DisplayName(
      "suggest completes Chinese, pinyin, initials and Tibetan prefixes, filtered by subject")
  void suggest() {
    String pupil = token("student.yushu");
    for (String q : List.of("勾", "勾股定", "gou", "gougud", "ggd", "ཟུར་")) {
      Api.Response r = api.get("/api/v1/search/suggest?q=" + enc(q), pupil);
      assertThat(r.status()).as("%s", r).isEqualTo(200);
      List<String> titles =
          r.json().getJsonArray("items").stream()
              .map(o -> ((JsonObject) o).getString("title"))
              .toList();
      assertThat(titles).as(q).isNotEmpty().anyMatch(t -> t.contains("勾股"));
    }
    Api.Response physicsOnly =
        api.get("/api/v1/search/suggest?subject=physics&q=" + enc("勾股"), pupil);
    assertThat(physicsOnly.json().getJsonArray("items")).isEmpty();
    assertThat(api.get("/api/v1/search/suggest?q=", pupil).json().getJsonArray("items")).isEmpty();
  }

  @Test
  @DisplayName("related: the other 勾股定理 lessons come first for a 勾股定理 lesson")
  void related() {
    String pupil = token("student.yushu");
    JsonObject hit = search(pupil, "q=" + enc("勾股定理（第一课时）")).getJsonArray("items").getJsonObject(0);
    assertThat(hit.getString("title")).isEqualTo("勾股定理（第一课时）");
    Api.Response r = api.get("/api/v1/resources/" + hit.getString("id") + "/related", pupil);
    assertThat(r.status()).as("%s", r).isEqualTo(200);
    List<String> related =
        r.json().getJsonArray("items").stream()
            .map(o -> ((JsonObject) o).getString("title"))
            .toList();
    assertThat(related).doesNotContain("勾股定理（第一课时）");
    assertThat(related.subList(0, 2)).containsExactlyInAnyOrder("勾股定理 教案", "勾股定理的逆定理");
    assertProblem(
        api.get("/api/v1/resources/" + UUID.randomUUID() + "/related", pupil),
        404,
        "resource-not-found");
  }

  @Test
  @DisplayName(
      "bad input: empty, too long, query syntax, quotes, emoji, broken percent-encoding, deep pages -> results or a clear 400")
  void badInput() {
    String pupil = token("student.yushu");
    assertThat(search(pupil, "q=").getLong("total")).isPositive();
    // a pasted no-break or zero-width space is blank: browsing, not zero hits
    assertThat(search(pupil, "q=" + enc("\u00a0\u200b\u3000")).getLong("total"))
        .isEqualTo(search(pupil, "q=").getLong("total"));
    assertProblem(raw(pupil, "q=" + "a".repeat(1001)), 400, "query-too-long");
    assertThat(search(pupil, "q=" + "a".repeat(1000)).getLong("total")).isZero();
    assertThat(search(pupil, "q=" + enc("勾股定理".repeat(200))).getLong("total")).isZero();
    // a request line past the server's limit is refused before search sees it, clearly
    // (before any request id is given, so not through assertProblem)
    Api.Response tooLong = raw(pupil, "q=" + enc("勾".repeat(1001)));
    assertThat(tooLong.status()).isEqualTo(414);
    assertThat(tooLong.json().getString("code")).isEqualTo("uri-too-long");
    for (String q :
        List.of(
            "title:(勾股 OR \"定理",
            "\"",
            "*",
            "?",
            "勾股~2 AND NOT",
            "a\\b/c[d]{e}^f!g",
            "🙂",
            "🙂勾股🙂",
            "ཟུར་",
            "' OR 1=1 --",
            "%",
            "\u0000\u0007勾股",
            // many short runs and words: each is several Lucene clauses (once a 500)
            String.join(" ", java.util.Collections.nCopies(330, "勾股")),
            String.join(" ", java.util.Collections.nCopies(330, "勾 a ཟ")).substring(0, 900),
            "gou".repeat(330),
            "g".repeat(1000),
            "\uD83D\uDE00".repeat(500))) {
      Api.Response r = raw(pupil, "q=" + enc(q));
      assertThat(r.status()).as("%s -> %s", q, r).isEqualTo(200);
    }
    assertThat(titles(search(pupil, "q=" + enc("🙂勾股🙂")))).anyMatch(t -> t.contains("勾股"));
    // invalid UTF-8 and broken escapes, sent as raw bytes (no client library sends them)
    for (String broken : List.of("%FF%FE", "%E5%8B", "%", "%zz", "%ED%A0%80", "%C0%AF")) {
      String head = rawGet("/api/v1/search?q=" + broken, pupil);
      assertThat(head).as(broken).matches("(?s)HTTP/1.1 (200|400) .*");
      if (head.startsWith("HTTP/1.1 400")) {
        assertThat(head).as(broken).containsIgnoringCase("content-type: application/problem+json");
      }
    }
    assertThat(search(pupil, "page=1000&size=10").getJsonArray("items")).isEmpty();
    assertProblem(raw(pupil, "page=2000&size=10"), 400, "page-too-deep");
    assertProblem(raw(pupil, "page=0"), 400, "validation-failed");
    assertProblem(raw(pupil, "size=500"), 400, "validation-failed");
    assertProblem(raw(pupil, "subject=alchemy"), 400, "validation-failed");
    assertProblem(raw(pupil, "grade=13"), 400, "validation-failed");
    assertProblem(raw(pupil, "sort=random"), 400, "validation-failed");
    assertProblem(raw(pupil, "q=a&q=b"), 400, "query-repeated");
    assertProblem(raw(null, "q=" + enc("勾股")), 401, "unauthenticated");
  }

  @Test
  @DisplayName("an admin sees the index's state and rebuilds it while it answers; nobody else may")
  void administration() {
    String admin = token("admin");
    String pupil = token("student.yushu");
    Api.Response state = api.get("/api/v1/admin/search", admin);
    assertThat(state.status()).as("%s", state).isEqualTo(200);
    long documents = state.json().getLong("documents");
    assertThat(documents).isGreaterThanOrEqualTo(34);
    for (String other : List.of("coordinator", "teacher.xining", "student.yushu")) {
      assertProblem(api.get("/api/v1/admin/search", token(other)), 403, "forbidden");
      assertProblem(
          api.send(
              api.builder("/api/v1/admin/search/reindex", token(other))
                  .POST(HttpRequest.BodyPublishers.noBody())),
          403,
          "forbidden");
    }
    List<String> expected = titles(search(pupil, "q=" + enc("定理") + "&size=50"));
    Api.Response started =
        api.send(
            api.builder("/api/v1/admin/search/reindex", admin)
                .POST(HttpRequest.BodyPublishers.noBody()));
    assertThat(started.status()).as("%s", started).isEqualTo(202);
    // queries keep answering during the rebuild, and after it the same
    assertThat(
            Poll.until(
                Duration.ofSeconds(30),
                () -> {
                  assertThat(raw(pupil, "q=" + enc("定理")).status()).isEqualTo(200);
                  JsonObject s = api.get("/api/v1/admin/search", admin).json();
                  return !s.getBoolean("rebuilding") && s.containsKey("lastRebuild");
                }))
        .isTrue();
    JsonObject after = api.get("/api/v1/admin/search", admin).json();
    assertThat(after.getJsonObject("lastRebuild").getString("failure")).isNull();
    assertThat(after.getLong("documents")).isEqualTo(documents);
    assertThat(after.getLong("appliedChange")).isEqualTo(after.getLong("catalogueChange"));
    assertThat(titles(search(pupil, "q=" + enc("定理") + "&size=50")))
        .containsExactlyInAnyOrderElementsOf(expected);
  }

  /** Status line and headers of a GET sent byte for byte, as written. */
  static String rawGet(String target, String token) {
    try (java.net.Socket s = new java.net.Socket("127.0.0.1", app.port())) {
      s.setSoTimeout(5000);
      s.getOutputStream()
          .write(
              ("GET "
                      + target
                      + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                      + token
                      + "\r\nConnection: close\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      String answer = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int end = answer.indexOf("\r\n\r\n");
      return end < 0 ? answer : answer.substring(0, end);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
