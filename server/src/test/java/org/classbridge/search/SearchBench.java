package org.classbridge.search;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.lucene.index.DirectoryReader;
import org.apache.lucene.search.IndexSearcher;
import org.apache.lucene.search.Query;
import org.apache.lucene.store.FSDirectory;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.sql.Database;
import org.classbridge.testing.Api;
import org.classbridge.testing.Await;
import org.classbridge.testing.TestApp;

/**
 * Search at scale: a deterministic synthetic catalogue (default 100,000 resources; realistic
 * Chinese and Tibetan titles and descriptions on the curriculum's stages, grades, subjects,
 * editions and volumes) written into the database, a full reindex through the admin API, then a
 * query mix through HTTP (query + facets + highlighting as the library page asks it), suggest, and
 * throughput with two client threads. In the same run, the floor: the same queries in-process on a
 * reader of the same index (the same Lucene work, no HTTP), and a bare top-10 search.
 *
 * <p>Run: {@code server/bench/search.sh [documents]}. Not a test: it prints a table for
 * BENCHMARKS.md.
 */
public final class SearchBench {
  static final String[][] TOPICS = {
    // subject, stage, grade, then Chinese topic | Tibetan | English
    {"maths", "junior", "8", "勾股定理|ཟུར་དྲང་གྲུ་གསུམ་གྱི་གཏན་འཁེལ།|Pythagorean theorem"},
    {"maths", "junior", "8", "一次函数|རིམ་པ་གཅིག་གི་འགྱུར་གྲངས།|linear functions"},
    {"maths", "junior", "9", "一元二次方程|རིམ་པ་གཉིས་ཀྱི་མཉམ་བྱེད།|quadratic equations"},
    {"maths", "junior", "9", "二次函数|རིམ་པ་གཉིས་ཀྱི་འགྱུར་གྲངས།|quadratic functions"},
    {"maths", "junior", "7", "有理数|ཚད་ལྡན་གྲངས།|rational numbers"},
    {"maths", "junior", "8", "全等三角形|ཡོངས་མཉམ་གྲུ་གསུམ།|congruent triangles"},
    {"maths", "junior", "9", "相似三角形|འདྲ་མཚུངས་གྲུ་གསུམ།|similar triangles"},
    {"maths", "primary", "5", "分数的意义|ཆ་གྲངས་ཀྱི་དོན་སྙིང་།|fractions"},
    {"maths", "primary", "3", "两位数乘法|ཨང་གྲངས་གཉིས་ཀྱི་སྒྱུར་རྩིས།|multiplication"},
    {"maths", "senior", "10", "集合与函数|ཚོགས་དང་འགྱུར་གྲངས།|sets and functions"},
    {"physics", "junior", "8", "光的折射|འོད་ཀྱི་ཁ་ཕྱོགས་འགྱུར་བ།|refraction of light"},
    {"physics", "junior", "8", "浮力|གཡེང་ཤུགས།|buoyancy"},
    {"physics", "junior", "8", "密度|སྟུག་ཚད།|density"},
    {"physics", "junior", "9", "欧姆定律|ཨོ་མུའི་གཏན་འཁེལ།|Ohm's law"},
    {"physics", "junior", "9", "电功率|གློག་གི་ནུས་ཚད།|electric power"},
    {"physics", "senior", "10", "自由落体|རང་བཞིན་འབབ་འགུལ།|free fall"},
    {"physics", "senior", "11", "电磁感应|གློག་ཁབ་ལེན་འཕྲོད།|electromagnetic induction"},
    {"chemistry", "junior", "9", "化学方程式|རྫས་འགྱུར་མཉམ་བྱེད།|chemical equations"},
    {"chemistry", "senior", "10", "氧化还原反应|ཨོག་སི་ཅན་འགྱུར་ལྡོག|redox reactions"},
    {"biology", "junior", "7", "细胞的结构|ཕྲ་ཕུང་གི་སྒྲིག་གཞི།|cell structure"},
    {"biology", "senior", "11", "遗传与变异|རིགས་རྒྱུད་དང་འགྱུར་བ།|heredity"},
    {"chinese", "junior", "8", "背影|རྒྱབ་གཟུགས།|Father's back"},
    {"chinese", "primary", "4", "古诗三首|སྔ་དུས་ཀྱི་སྙན་ངག་གསུམ།|three classical poems"},
    {"tibetan", "primary", "4", "藏文文法|བོད་ཀྱི་བརྡ་སྤྲོད།|Tibetan grammar"},
    {"tibetan", "junior", "7", "藏文诗歌|བོད་ཀྱི་སྙན་ངག|Tibetan poetry"},
    {"history", "junior", "8", "丝绸之路|དར་གོས་ལམ།|the Silk Road"},
    {"geography", "junior", "7", "青藏高原|མཚོ་བོད་མཐོ་སྒང་།|the Tibetan Plateau"},
    {"geography", "senior", "10", "三江源|ཆུ་གསུམ་འབྱུང་ཁུངས།|Sanjiangyuan"},
    {"english", "junior", "8", "现在完成时|ད་ལྟའི་རྫོགས་ཟིན།|present perfect"},
    {"information-technology", "junior", "7", "编程入门|བྱ་རིམ་འགོ་འཛུགས།|programming basics"},
  };
  static final String[] FORMS = {
    "%s（第%d课时）", "%s的应用", "%s 教案", "%s复习课", "探究%s", "%s 习题讲评", "%s 微课", "认识%s"
  };
  static final String[] KINDS = {"lesson-video", "slides", "lesson-plan", "experiment", "audio"};
  static final String[] EDITIONS = {"人教版", "北师大版", "苏教版", "沪科版", "藏文版"};
  static final String[] VOLUMES = {"上册", "下册", "全一册"};
  static final String[] PLACES = {"西宁", "玉树", "果洛", "海西", "海东", "黄南", "海南", "海北"};

  static final List<String> QUERIES =
      List.of(
          "勾股定理",
          "勾股",
          "方程",
          "一次函数",
          "光的折射",
          "浮力",
          "欧姆定律",
          "细胞",
          "丝绸之路",
          "青藏高原",
          "复习课",
          "教案",
          "习题讲评",
          "三江源",
          "古诗",
          "gougu",
          "gougudingli",
          "fuli",
          "oumu",
          "xibao",
          "ggdl",
          "omdl",
          "ycfc",
          "ཟུར་དྲང",
          "བོད་ཀྱི་བརྡ་སྤྲོད",
          "གློག",
          "སྙན་ངག",
          "density",
          "buoyancy",
          "Pythagorean theorem",
          "Silk Road",
          "quadratic",
          "八年级 浮力",
          "探究 光");
  static final List<String> PREFIXES =
      List.of("勾", "勾股", "gou", "gougu", "gg", "ou", "ཟུར", "dens", "青藏", "qingz", "二次", "dian");

  public static void main(String[] args) throws Exception {
    int documents = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    Path data = Files.createTempDirectory("cb-search-bench");
    Map<Setting, String> settings = new EnumMap<>(Setting.class);
    settings.put(Setting.LOGIN_IP_FAILURES, "100000");
    try (Classbridge app = Classbridge.start(TestApp.config(data, settings), Clock.systemUTC())) {
      Api api = new Api(app.port());
      SearchTesting.awaitIndexed(api);
      long t0 = System.nanoTime();
      insert(app.services().database(), documents);
      System.out.printf(
          "catalogue: %,d synthetic resources written in %.1f s%n",
          documents, (System.nanoTime() - t0) / 1e9);
      String admin = api.login("admin", "classbridge");
      t0 = System.nanoTime();
      Api.Response started =
          api.send(
              api.builder("/api/v1/admin/search/reindex", admin)
                  .POST(HttpRequest.BodyPublishers.noBody()));
      if (started.status() != 202) {
        throw new IllegalStateException("reindex: " + started);
      }
      JsonObject status;
      do {
        Thread.sleep(200);
        status = api.get("/api/v1/admin/search", admin).json();
      } while (status.getBoolean("rebuilding") || !status.containsKey("lastRebuild"));
      double reindex = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "full reindex through the admin API: %,d documents in %.1f s (%.0f docs/s)%n",
          status.getLong("documents"), reindex, status.getLong("documents") / reindex);

      String pupil = api.login("student.yushu", "classbridge");
      String base = "http://127.0.0.1:" + app.port() + "/api/v1/search";
      // the floor: the same queries in-process on a reader of the same index files, with the
      // same viewer's filter; measured query by query alternating with the HTTP path below, so
      // both see the same JIT state, heap and machine
      Path live;
      try (Stream<Path> dirs = Files.list(data.resolve("search"))) {
        live =
            dirs.filter(p -> p.getFileName().toString().startsWith("index-"))
                .findFirst()
                .orElseThrow();
      }
      int n = 2000;
      long[] search = new long[n];
      long[] floor = new long[n];
      long[] bare = new long[n];
      long[] suggest = new long[n];
      long[] empty = new long[n];
      long hits = 0;
      double qps;
      try (DirectoryReader reader = DirectoryReader.open(FSDirectory.open(live))) {
        SearchIndex.FacetedSearcher searcher =
            new SearchIndex.FacetedSearcher(reader, IndexSchema.facets());
        Searches inProcess =
            new Searches(
                TextAnalysis.perField(),
                IndexSchema.facets(),
                () -> {
                  reader.incRef();
                  return searcher;
                });
        UUID[] pupilAt = schoolAndGroupOf(app, "student.yushu");
        Principal viewer =
            new Principal(
                UUID.randomUUID(),
                "pupil",
                Role.STUDENT,
                Optional.of(pupilAt[0]),
                Optional.of(pupilAt[1]));
        QueryPlanner planner = new QueryPlanner(TextAnalysis.perField());
        IndexSearcher plain = new IndexSearcher(reader);
        for (int round = 0; round < 2; round++) { // the first round warms everything up
          for (int i = 0; i < n; i++) {
            String q = QUERIES.get(i % QUERIES.size());
            long t = System.nanoTime();
            String body = get(base + "?q=" + enc(q), pupil);
            search[i] = System.nanoTime() - t;
            if (round == 1 && i < QUERIES.size()) {
              hits += new JsonObject(body).getLong("total");
            }
            t = System.nanoTime();
            inProcess.search(
                viewer,
                new SearchRequest(q, Map.of(), List.of(), SearchRequest.Order.RELEVANCE, 1, 10));
            floor[i] = System.nanoTime() - t;
            Query query = planner.search(q);
            t = System.nanoTime();
            plain.search(
                new org.apache.lucene.search.BooleanQuery.Builder()
                    .add(query, org.apache.lucene.search.BooleanClause.Occur.MUST)
                    .add(
                        Searches.visibleTo(viewer),
                        org.apache.lucene.search.BooleanClause.Occur.FILTER)
                    .build(),
                10);
            bare[i] = System.nanoTime() - t;
            t = System.nanoTime();
            get(base + "/suggest?q=" + enc(PREFIXES.get(i % PREFIXES.size())), pupil);
            suggest[i] = System.nanoTime() - t;
            // what HTTP, the token check and the hop to a search worker cost with no Lucene work
            t = System.nanoTime();
            get(base + "/suggest?q=", pupil);
            empty[i] = System.nanoTime() - t;
          }
        }
      }
      // throughput: two client threads for 10 s, in this JVM (they share the cores with the server)
      AtomicLong done = new AtomicLong();
      long until = System.nanoTime() + 10_000_000_000L;
      CountDownLatch finished = new CountDownLatch(2);
      for (int c = 0; c < 2; c++) {
        int offset = c * 7;
        Thread.ofPlatform()
            .start(
                () -> {
                  int i = offset;
                  while (System.nanoTime() < until) {
                    get(base + "?q=" + enc(QUERIES.get(i++ % QUERIES.size())), pupil);
                    done.incrementAndGet();
                  }
                  finished.countDown();
                });
      }
      finished.await();
      qps = done.get() / 10.0;
      // and with wrk (two threads, one connection each), the load generator the other
      // benchmarks use: a C client takes far less of the shared cores per request
      String wrkQps = wrk(app.port(), pupil);
      System.out.printf(
          "query mix: %d queries, average %.1f%% of documents matched%n",
          QUERIES.size(), 100.0 * hits / QUERIES.size() / documents);
      System.out.println("| measure | p50 ms | p99 ms | ratio p50 to floor |");
      System.out.println("|---|---|---|---|");
      row("HTTP search: query + 7 facets + curriculum tree + highlighting", search, floor);
      row("floor: the same search in-process (Lucene, no HTTP)", floor, floor);
      row("bare IndexSearcher top-10 (no facets, no highlighting)", bare, floor);
      row("HTTP suggest", suggest, null);
      row("HTTP round trip with no search (empty suggest): the API's own cost", empty, null);
      System.out.printf(
          "throughput, HTTP search, 2 client threads in the bench JVM (HttpURLConnection): %.0f"
              + " queries/s%n",
          qps);
      System.out.printf(
          "throughput, HTTP search, wrk -t2 -c2 -d10s over the same query mix: %s%n", wrkQps);
    }
  }

  /** Requests/s that wrk reports for the query mix, or why it did not run. */
  static String wrk(int port, String token) throws Exception {
    if (!Files.isExecutable(Path.of("/usr/bin/wrk"))) {
      return "not measured (no /usr/bin/wrk; apt-get install wrk)";
    }
    StringBuilder lua = new StringBuilder("local paths = {\n");
    for (String q : QUERIES) {
      lua.append("  \"/api/v1/search?q=").append(enc(q)).append("\",\n");
    }
    lua.append("}\nlocal i = 0\nrequest = function()\n  i = i + 1\n")
        .append("  return wrk.format(\"GET\", paths[(i % #paths) + 1], { Authorization = \"Bearer ")
        .append(token)
        .append("\" })\nend\n");
    Path script = Files.createTempFile("search-mix", ".lua");
    Files.writeString(script, lua);
    Process p =
        new ProcessBuilder(
                "/usr/bin/wrk",
                "-t2",
                "-c2",
                "-d10s",
                "-s",
                script.toString(),
                "http://127.0.0.1:" + port + "/")
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    p.waitFor();
    Files.deleteIfExists(script);
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
    java.util.regex.Matcher errors = java.util.regex.Pattern.compile("Non-2xx[^\\n]*").matcher(out);
    return (m.find() ? String.format("%.0f queries/s", Double.parseDouble(m.group(1))) : out)
        + (errors.find() ? " (" + errors.group() + ")" : "");
  }

  static UUID[] schoolAndGroupOf(Classbridge app, String username) {
    return Await.await(
        app.services()
            .database()
            .read(
                tx ->
                    tx.one(
                            "select u.school_id, s.group_id from app_user u join school s on s.id = u.school_id"
                                + " where u.username = ?",
                            rs ->
                                new UUID[] {
                                  rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)
                                },
                            username)
                        .orElseThrow()));
  }

  static void row(String name, long[] nanos, long[] floor) {
    long[] s = nanos.clone();
    Arrays.sort(s);
    double p50 = s[s.length / 2] / 1e6;
    double p99 = s[(int) (s.length * 0.99)] / 1e6;
    String ratio = "";
    if (floor != null) {
      long[] f = floor.clone();
      Arrays.sort(f);
      ratio = String.format("%.2f", p50 / (f[f.length / 2] / 1e6));
    }
    System.out.printf("| %s | %.2f | %.2f | %s |%n", name, p50, p99, ratio);
  }

  static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /**
   * One GET on a kept-alive connection. HttpURLConnection, not java.net.http: the client shares the
   * two cores with the server, and the synchronous client costs less of them per request.
   */
  static String get(String url, String token) {
    try {
      java.net.HttpURLConnection c =
          (java.net.HttpURLConnection) URI.create(url).toURL().openConnection();
      c.setRequestProperty("Authorization", "Bearer " + token);
      int status = c.getResponseCode();
      try (var in = status == 200 ? c.getInputStream() : c.getErrorStream()) {
        String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        if (status != 200) {
          throw new IllegalStateException(url + " -> " + status + " " + body);
        }
        return body;
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Writes {@code n} resources, deterministically, in batches, with no change-log entries. */
  static void insert(Database db, int n) throws Exception {
    List<UUID[]> authors =
        Await.await(
            db.read(
                tx ->
                    tx.list(
                        "select u.id, u.school_id, s.group_id from app_user u join school s on s.id = u.school_id"
                            + " where u.role = 'teacher'",
                        rs ->
                            new UUID[] {
                              rs.getObject(1, UUID.class),
                              rs.getObject(2, UUID.class),
                              rs.getObject(3, UUID.class)
                            })));
    Random random = new Random(20261129);
    Instant start = Instant.parse("2024-09-01T00:00:00Z");
    int batch = 2000;
    for (int from = 0; from < n; from += batch) {
      List<Object[]> rows = new ArrayList<>();
      for (int i = from; i < Math.min(n, from + batch); i++) {
        String[] topic = TOPICS[random.nextInt(TOPICS.length)];
        String[] names = topic[3].split("\\|");
        int lesson = 1 + random.nextInt(6);
        String form = FORMS[random.nextInt(FORMS.length)];
        String title =
            form.contains("%d")
                ? String.format(form, names[0], lesson)
                : String.format(form, names[0]);
        String place = PLACES[random.nextInt(PLACES.length)];
        String edition = EDITIONS[random.nextInt(EDITIONS.length)];
        String volume = VOLUMES[random.nextInt(VOLUMES.length)];
        int chapter = 1 + random.nextInt(20);
        String description =
            place
                + "名师课堂："
                + names[0]
                + "第"
                + lesson
                + "课时，结合"
                + place
                + "学生的生活实例讲解，配有课后练习。"
                + names[2]
                + ", lesson "
                + lesson
                + ".";
        UUID[] author = authors.get(random.nextInt(authors.size()));
        Instant created = start.plusSeconds(random.nextInt(60 * 60 * 24 * 700));
        boolean draft = random.nextInt(10) == 0;
        rows.add(
            new Object[] {
              new UUID(0x5eed_0000_0000_0000L, i),
              author[2],
              author[1],
              author[0],
              KINDS[random.nextInt(KINDS.length)],
              title,
              names[1] + " " + lesson,
              description,
              names[1] + " སློབ་ཚན་" + lesson + "།",
              random.nextInt(3) == 0 ? "zh,bo" : "zh",
              "CC BY-NC-SA 4.0",
              topic[1],
              Integer.parseInt(topic[2]),
              topic[0],
              edition,
              volume,
              "第" + chapter + "章 " + names[0],
              draft ? "draft" : "published",
              random.nextInt(4) == 0 ? "public" : "group",
              created,
              draft ? null : created.plusSeconds(3600)
            });
      }
      Await.await(
          db.transaction(
              tx ->
                  tx.batch(
                      "insert into resource (id, group_id, school_id, teacher_id, kind, title, title_bo,"
                          + " description, description_bo, languages, licence, stage, grade, subject,"
                          + " edition, volume, chapter, status, visibility, created_at, published_at,"
                          + " version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
                      rows)));
    }
  }
}
