package org.classbridge.bench;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.testing.Api;
import org.classbridge.testing.PostgresSchema;
import org.classbridge.testing.TestApp;

/**
 * Books a whole term for a scaled-up education group through the HTTP API and reports bookings/s,
 * latency percentiles, and what one conflict check costs as the timetable grows (the overlap check
 * reads an index range per resource, so it should not grow with the timetable).
 *
 * <p>The group: 10 urban schools with 4 main classrooms and 4 teachers each, 40 pastoral schools
 * with 4 receiving classrooms and 4 classes each (200 classrooms), all on an 8-period grid, one
 * 20-week term. Each teacher books two daily series (periods 1 and 2, two receiving classrooms
 * each): 80 series, about 8,000 sessions; then 2,000 single sessions, 4 clients at a time.
 *
 * <p>Run: {@code server/bench/booking.sh} (H2, then PostgreSQL when CLASSBRIDGE_TEST_PG_URL is
 * set). Not a test: it prints a table for BENCHMARKS.md.
 */
public final class TermBookingBench {
  static final int URBAN = 10;
  static final int RURAL = 40;
  static final int ROOMS_PER_SCHOOL = 4;
  static final int CLIENTS = 4;
  static final int SINGLES = 2000;

  record Sample(long nanos, int status) {}

  public static void main(String[] args) throws Exception {
    String backend = args.length > 0 ? args[0] : "h2";
    Path data = Files.createTempDirectory("cb-bench");
    Map<Setting, String> settings = new EnumMap<>(Setting.class);
    settings.put(Setting.LOGIN_IP_FAILURES, "100000");
    PostgresSchema schema = null;
    if (backend.equals("postgres")) {
      schema = PostgresSchema.createOrSkip("TermBookingBench");
      settings.put(Setting.DB_URL, schema.url());
    }
    try (Classbridge app = Classbridge.start(TestApp.config(data, settings), Clock.systemUTC())) {
      run(backend, new Api(app.port()));
    } finally {
      if (schema != null) {
        schema.close();
      }
    }
  }

  static void run(String backend, Api api) throws Exception {
    String admin = api.login("admin", "classbridge");
    String group =
        ok(api.post("/api/v1/groups", admin, new JsonObject().put("name", "基准测试集团")))
            .getString("id");
    JsonArray grid = new JsonArray();
    String[][] bells = {
      {"08:00", "08:45"}, {"08:55", "09:40"}, {"10:00", "10:45"}, {"10:55", "11:40"},
      {"14:00", "14:45"}, {"14:55", "15:40"}, {"15:50", "16:35"}, {"16:45", "17:30"}
    };
    for (int p = 0; p < bells.length; p++) {
      grid.add(
          new JsonObject()
              .put("period", p + 1)
              .put("weekdays", new JsonArray().add(1).add(2).add(3).add(4).add(5))
              .put("start", bells[p][0])
              .put("end", bells[p][1]));
    }
    List<String> teachers = new ArrayList<>();
    List<String> mainRooms = new ArrayList<>();
    List<String[]> receivers = new ArrayList<>(); // classroom, class
    for (int s = 0; s < URBAN + RURAL; s++) {
      boolean urban = s < URBAN;
      String school =
          ok(api.post(
                  "/api/v1/schools",
                  admin,
                  new JsonObject()
                      .put("groupId", group)
                      .put("name", (urban ? "城区学校" : "牧区学校") + s)
                      .put(
                          "region",
                          new JsonObject().put("prefecture", "基准州").put("county", "县" + s))
                      .put("setting", urban ? "urban" : "pastoral")))
              .getString("id");
      ok(
          api.sendRaw(
              "PUT",
              "/api/v1/schools/" + school + "/periods",
              admin,
              "application/json",
              new JsonObject().put("periods", grid).encode().getBytes()));
      for (int r = 0; r < ROOMS_PER_SCHOOL; r++) {
        String room =
            ok(api.post(
                    "/api/v1/schools/" + school + "/classrooms",
                    admin,
                    new JsonObject()
                        .put("name", "教室" + r)
                        .put("kind", urban ? "main" : "receiving")
                        .put("capacity", 50)))
                .getString("id");
        if (urban) {
          mainRooms.add(room);
          teachers.add(
              ok(api.post(
                      "/api/v1/users",
                      admin,
                      new JsonObject()
                          .put("username", "bench.t" + s + "." + r)
                          .put("displayName", "教师" + s + r)
                          .put("role", "teacher")
                          .put("schoolId", school)
                          .put("password", "bench-password-1")))
                  .getString("id"));
        } else {
          String klass =
              ok(api.post(
                      "/api/v1/schools/" + school + "/classes",
                      admin,
                      new JsonObject()
                          .put("name", "班" + r)
                          .put("grade", 8)
                          .put("language", "bilingual")))
                  .getString("id");
          receivers.add(new String[] {room, klass});
        }
      }
    }
    String term =
        ok(api.post(
                "/api/v1/terms",
                admin,
                new JsonObject()
                    .put("groupId", group)
                    .put("name", "基准学期")
                    .put("firstDay", "2027-02-22")
                    .put("lastDay", "2027-07-09")
                    .put(
                        "holidays",
                        new JsonArray()
                            .add(
                                new JsonObject()
                                    .put("from", "2027-05-03")
                                    .put("to", "2027-05-07")))))
            .getString("id");
    System.out.printf(
        Locale.ROOT,
        "backend %s: %d classrooms, %d teachers, term %s%n",
        backend,
        mainRooms.size() + receivers.size(),
        teachers.size(),
        term);

    List<Double> checkCost = new ArrayList<>();
    for (int warm = 0; warm < 4; warm++) {
      conflictCheck(api, admin, term, teachers, mainRooms, receivers); // JIT warm-up
    }
    checkCost.add(conflictCheck(api, admin, term, teachers, mainRooms, receivers));

    // 80 daily series, 4 clients at a time
    List<Callable<Sample>> series = new ArrayList<>();
    for (int t = 0; t < teachers.size(); t++) {
      for (int p = 1; p <= 2; p++) {
        JsonObject body =
            participants(
                term,
                teachers.get(t),
                mainRooms.get(t),
                receivers.subList(4 * t + 2 * (p - 1), 4 * t + 2 * p));
        body.put("weekdays", new JsonArray().add(1).add(2).add(3).add(4).add(5)).put("period", p);
        series.add(() -> timed(api, "/api/v1/series", admin, body));
      }
    }
    long t0 = System.nanoTime();
    List<Sample> seriesSamples = runAll(series);
    double seriesSeconds = (System.nanoTime() - t0) / 1e9;
    int occurrences = sessions(api, admin, group);
    checkCost.add(conflictCheck(api, admin, term, teachers, mainRooms, receivers));

    // single sessions at random free slots (periods 3..8), 4 clients at a time
    List<Callable<Sample>> singles = new ArrayList<>();
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < SINGLES; i++) {
      int t = random.nextInt(teachers.size());
      String day =
          java.time.LocalDate.parse("2027-02-22")
              .plusWeeks(random.nextInt(19))
              .plusDays(random.nextInt(5))
              .toString();
      JsonObject body =
          participants(term, teachers.get(t), mainRooms.get(t), receivers.subList(4 * t, 4 * t + 1))
              .put("day", day)
              .put("period", 3 + random.nextInt(6));
      singles.add(() -> timed(api, "/api/v1/sessions", admin, body));
    }
    t0 = System.nanoTime();
    List<Sample> singleSamples = runAll(singles);
    double singleSeconds = (System.nanoTime() - t0) / 1e9;
    int total = sessions(api, admin, group);
    checkCost.add(conflictCheck(api, admin, term, teachers, mainRooms, receivers));

    long seriesOk = seriesSamples.stream().filter(s -> s.status() == 201).count();
    long singleOk = singleSamples.stream().filter(s -> s.status() == 201).count();
    long singleConflict = singleSamples.stream().filter(s -> s.status() == 409).count();
    System.out.printf(
        Locale.ROOT,
        "| %s | series | %d requests (%d ok), %d sessions in %.1f s | %.0f sessions/s | p50 %.0f ms | p99 %.0f ms |%n",
        backend,
        seriesSamples.size(),
        seriesOk,
        occurrences,
        seriesSeconds,
        occurrences / seriesSeconds,
        pct(seriesSamples, 0.5),
        pct(seriesSamples, 0.99));
    System.out.printf(
        Locale.ROOT,
        "| %s | single | %d requests (%d booked, %d conflicts) in %.1f s | %.0f requests/s | p50 %.1f ms | p99 %.1f ms |%n",
        backend,
        singleSamples.size(),
        singleOk,
        singleConflict,
        singleSeconds,
        singleSamples.size() / singleSeconds,
        pct(singleSamples, 0.5),
        pct(singleSamples, 0.99));
    System.out.printf(
        Locale.ROOT,
        "| %s | conflict check (median of 40 previews) | empty: %.2f ms | %d sessions: %.2f ms |"
            + " %d sessions: %.2f ms | full/empty %.2f |%n",
        backend,
        checkCost.get(0),
        occurrences,
        checkCost.get(1),
        total,
        checkCost.get(2),
        checkCost.get(2) / checkCost.get(0));
    System.out.printf(
        Locale.ROOT,
        "status counts: series %s, single %s%n",
        counts(seriesSamples),
        counts(singleSamples));
  }

  static Map<Integer, Long> counts(List<Sample> samples) {
    Map<Integer, Long> out = new java.util.TreeMap<>();
    samples.forEach(s -> out.merge(s.status(), 1L, Long::sum));
    return out;
  }

  static JsonObject participants(String term, String teacher, String room, List<String[]> rx) {
    JsonArray receivers = new JsonArray();
    rx.forEach(r -> receivers.add(new JsonObject().put("classroomId", r[0]).put("classId", r[1])));
    return new JsonObject()
        .put("termId", term)
        .put("subject", "maths")
        .put("teacherId", teacher)
        .put("mainClassroomId", room)
        .put("receivers", receivers);
  }

  /** Median time of 50 conflict previews of one session (a check, no write). */
  static double conflictCheck(
      Api api,
      String token,
      String term,
      List<String> teachers,
      List<String> rooms,
      List<String[]> receivers) {
    List<Sample> samples = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      int t = i % teachers.size();
      JsonObject body =
          participants(term, teachers.get(t), rooms.get(t), receivers.subList(4 * t, 4 * t + 2))
              .put("day", "2027-03-1" + (i % 5))
              .put("period", 1);
      samples.add(timed(api, "/api/v1/sessions/preview", token, body));
    }
    return pct(samples.subList(10, 50), 0.5);
  }

  static int sessions(Api api, String token, String group) {
    int n = 0;
    for (String[] range :
        new String[][] {{"2027-02-22", "2027-04-30"}, {"2027-05-01", "2027-07-09"}}) {
      n +=
          ok(api.get(
                  "/api/v1/timetable?scope=group&id="
                      + group
                      + "&from="
                      + range[0]
                      + "&to="
                      + range[1],
                  token))
              .getJsonArray("items")
              .size();
    }
    return n;
  }

  static Sample timed(Api api, String path, String token, JsonObject body) {
    long t = System.nanoTime();
    Api.Response r = api.post(path, token, body);
    return new Sample(System.nanoTime() - t, r.status());
  }

  static List<Sample> runAll(List<Callable<Sample>> jobs) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS);
    try {
      List<Sample> out = new ArrayList<>();
      for (Future<Sample> f : pool.invokeAll(jobs)) {
        out.add(f.get());
      }
      return out;
    } finally {
      pool.shutdownNow();
    }
  }

  static double pct(List<Sample> samples, double q) {
    List<Long> sorted = new ArrayList<>(samples.stream().map(Sample::nanos).toList());
    Collections.sort(sorted);
    return sorted.get((int) Math.min(sorted.size() - 1, Math.round(q * (sorted.size() - 1)))) / 1e6;
  }

  static JsonObject ok(Api.Response r) {
    if (r.status() >= 300) {
      throw new IllegalStateException(r.toString());
    }
    return r.json();
  }
}
