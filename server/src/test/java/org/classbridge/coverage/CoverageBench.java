package org.classbridge.coverage;

import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.classbridge.app.Classbridge;
import org.classbridge.app.Setting;
import org.classbridge.sql.Database;
import org.classbridge.testing.Api;
import org.classbridge.testing.TestApp;

/**
 * The coverage matrix of a large group (BENCHMARKS.md): 50 schools (10 urban, 40 pastoral with 3
 * classes each), a 20-week term, 20,000 sessions across 12 subjects with registers marked for a
 * third of the past ones; then {@code GET /api/v1/groups/{id}/coverage} through HTTP, one request
 * at a time, p50/p99/max. The data is written straight into the tables (booking 20,000 sessions
 * through the conflict check is the scheduling benchmark's job, not this one's). Argument: a
 * PostgreSQL URL, or nothing for H2. Run by {@code server/bench/coverage.sh}.
 */
public final class CoverageBench {
  private CoverageBench() {}

  static final String[] SUBJECTS = {
    "chinese",
    "maths",
    "english",
    "tibetan",
    "morality-law",
    "history",
    "geography",
    "physics",
    "biology",
    "information-technology",
    "music",
    "art"
  };

  public static void main(String[] args) throws Exception {
    String db = args.length > 0 ? args[0] : "";
    int sessions = args.length > 1 ? Integer.parseInt(args[1]) : 20_000;
    Path data = Files.createTempDirectory("coverage-bench");
    Map<Setting, String> settings = new HashMap<>();
    if (!db.isEmpty()) {
      settings.put(Setting.DB_URL, db);
    }
    try (Classbridge app = TestApp.start(data, settings)) {
      Api api = new Api(app.port());
      UUID[] ids = build(app.services().database(), sessions);
      String admin = api.login("admin", "classbridge");
      String matrix = "/api/v1/groups/" + ids[0] + "/coverage?termId=" + ids[1];
      int rows = api.get(matrix, admin).json().getJsonArray("rows").size();
      String label = db.isEmpty() ? "H2" : "PostgreSQL";
      String size = "50 schools, " + rows * 3 + " receiving classes, " + sessions + " sessions";
      measure(api, admin, label, "coverage matrix", size, matrix);
      String proposals =
          "/api/v1/classes/" + ids[2] + "/gap-proposals?termId=" + ids[1] + "&subject=music";
      io.vertx.core.json.JsonObject first = api.get(proposals, admin).json();
      int found = first.getJsonArray("proposals").size();
      if (found == 0) {
        throw new IllegalStateException("no proposals: the benchmark would measure nothing");
      }
      measure(
          api,
          admin,
          label,
          "close-this-gap proposals ("
              + first.getInteger("teachersConsidered")
              + " teachers of the subject, "
              + first.getInteger("slotsConsidered")
              + " weekly slots, "
              + found
              + " best)",
          size,
          proposals);
    }
  }

  /** p50/p99/max of {@code path} over HTTP, one request at a time, after a warm-up. */
  static void measure(Api api, String token, String db, String what, String size, String path) {
    for (int i = 0; i < 20; i++) {
      check(api.get(path, token));
    }
    int n = 200;
    double[] ms = new double[n];
    for (int i = 0; i < n; i++) {
      long t0 = System.nanoTime();
      Api.Response r = api.get(path, token);
      ms[i] = (System.nanoTime() - t0) / 1e6;
      check(r);
    }
    Arrays.sort(ms);
    System.out.printf(
        Locale.ROOT,
        "| %s | %s | %s | %d | %.1f | %.1f | %.1f |%n",
        db,
        what,
        size,
        n,
        ms[n / 2],
        ms[(int) Math.ceil(n * 0.99) - 1],
        ms[n - 1]);
  }

  private static void check(Api.Response r) {
    if (r.status() != 200) {
      throw new IllegalStateException(r.toString());
    }
  }

  /** Teachers in each main school, each teaching three subjects (music among them for some). */
  static final int TEACHERS_PER_MAIN = 6;

  /** The synthetic group; returns {group id, term id, a receiving class}. */
  static UUID[] build(Database db, int sessions) throws Exception {
    Random random = new Random(42);
    UUID group = UUID.randomUUID();
    UUID term = UUID.randomUUID();
    Instant now = Instant.now();
    LocalDate first = LocalDate.now(ZoneOffset.UTC).minusWeeks(10).with(java.time.DayOfWeek.MONDAY);
    LocalDate last = first.plusWeeks(20).minusDays(3);
    List<UUID> mainRooms = new ArrayList<>();
    List<UUID[]> receivers = new ArrayList<>(); // {class, classroom, student}
    List<UUID> teachers = new ArrayList<>();
    Future<Void> done =
        db.transaction(
            tx -> {
              tx.update(
                  "insert into education_group (id, name, created_at) values (?, ?, ?)",
                  group,
                  "基准集团 " + group,
                  now);
              for (int s = 0; s < 50; s++) {
                UUID school = UUID.randomUUID();
                boolean urban = s < 10;
                tx.update(
                    "insert into school (id, group_id, name, prefecture, county, setting,"
                        + " created_at) values (?, ?, ?, ?, ?, ?, ?)",
                    school,
                    group,
                    "基准学校 " + school,
                    "果洛州",
                    "玛沁县",
                    urban ? "urban" : "pastoral",
                    now);
                UUID room = UUID.randomUUID();
                tx.update(
                    "insert into classroom (id, school_id, name, kind, capacity, created_at)"
                        + " values (?, ?, ?, ?, ?, ?)",
                    room,
                    school,
                    "教室",
                    urban ? "main" : "receiving",
                    40,
                    now);
                // each school's own bell times: 8 periods of 45 minutes from 08:00, pastoral
                // schools up to 10 minutes later
                int offset = urban ? 0 : random.nextInt(11);
                List<Object[]> slots = new ArrayList<>();
                for (int d = 1; d <= 5; d++) {
                  for (int p = 1; p <= 8; p++) {
                    int start = 8 * 60 + offset + (p - 1) * 55 + (p > 4 ? 90 : 0);
                    slots.add(new Object[] {school, d, p, "第" + p + "节", start, start + 45});
                  }
                }
                tx.batch(
                    "insert into period_slot (school_id, weekday, period, label, start_minute,"
                        + " end_minute) values (?, ?, ?, ?, ?, ?)",
                    slots);
                if (urban) {
                  mainRooms.add(room);
                  UUID second = UUID.randomUUID();
                  tx.update(
                      "insert into classroom (id, school_id, name, kind, capacity, created_at)"
                          + " values (?, ?, ?, 'main', ?, ?)",
                      second,
                      school,
                      "主讲教室 2",
                      40,
                      now);
                  mainRooms.add(second);
                  for (int t = 0; t < TEACHERS_PER_MAIN; t++) {
                    UUID teacher = UUID.randomUUID();
                    tx.update(
                        "insert into app_user (id, username, display_name, role, school_id,"
                            + " password_hash, preferred_language, origin, created_at)"
                            + " values (?, ?, ?, 'teacher', ?, 'x', 'zh-CN', 'cli', ?)",
                        teacher,
                        "bench." + teacher.toString().substring(0, 8),
                        "基准教师",
                        school,
                        now);
                    teachers.add(teacher);
                    for (int k = 0; k < 3; k++) {
                      tx.update(
                          "insert into teacher_subject (user_id, subject, updated_by, updated_at)"
                              + " values (?, ?, ?, ?)",
                          teacher,
                          SUBJECTS[(t * 3 + k + s) % SUBJECTS.length],
                          teacher,
                          now);
                    }
                  }
                  continue;
                }
                for (int g = 7; g <= 9; g++) {
                  UUID klass = UUID.randomUUID();
                  tx.update(
                      "insert into school_class (id, school_id, name, grade, language, created_at)"
                          + " values (?, ?, ?, ?, 'bilingual', ?)",
                      klass,
                      school,
                      g + "年级（1）班",
                      g,
                      now);
                  UUID student = UUID.randomUUID();
                  tx.update(
                      "insert into app_user (id, username, display_name, role, school_id,"
                          + " password_hash, preferred_language, origin, created_at)"
                          + " values (?, ?, ?, 'student', ?, 'x', 'bo', 'cli', ?)",
                      student,
                      "bench.s" + student.toString().substring(0, 8),
                      "学生",
                      school,
                      now);
                  receivers.add(new UUID[] {klass, room, student});
                }
              }
              tx.update(
                  "insert into term (id, group_id, name, first_day, last_day, created_at)"
                      + " values (?, ?, ?, ?, ?, ?)",
                  term,
                  group,
                  "基准学期",
                  first,
                  last,
                  now);
              List<Object[]> rows = new ArrayList<>();
              List<Object[]> received = new ArrayList<>();
              List<Object[]> present = new ArrayList<>();
              List<Object[]> holds = new ArrayList<>();
              for (int i = 0; i < sessions; i++) {
                UUID id = UUID.randomUUID();
                UUID[] r = receivers.get(random.nextInt(receivers.size()));
                LocalDate day = first.plusDays(random.nextInt(20 * 7 - 3));
                if (day.getDayOfWeek().getValue() > 5) {
                  day = day.minusDays(2);
                }
                Instant starts = day.atTime(2 + random.nextInt(6), 0).toInstant(ZoneOffset.UTC);
                rows.add(
                    new Object[] {
                      id,
                      group,
                      term,
                      SUBJECTS[random.nextInt(SUBJECTS.length)],
                      teachers.get(random.nextInt(teachers.size())),
                      mainRooms.get(random.nextInt(mainRooms.size())),
                      starts,
                      starts.plusSeconds(45 * 60),
                      day,
                      "bench-" + id,
                      random.nextInt(20) == 0 ? "cancelled" : "booked",
                      now
                    });
                received.add(new Object[] {id, r[1], r[0]});
                if (!"cancelled".equals(rows.get(rows.size() - 1)[10])) {
                  // what the booking path holds for a session: teacher, both rooms, the class
                  Object[] row = rows.get(rows.size() - 1);
                  Instant ends = starts.plusSeconds(45 * 60);
                  holds.add(new Object[] {id, row[4], "teacher", starts, ends});
                  holds.add(new Object[] {id, row[5], "classroom", starts, ends});
                  holds.add(new Object[] {id, r[1], "classroom", starts, ends});
                  holds.add(new Object[] {id, r[0], "class", starts, ends});
                }
                if (starts.isBefore(now) && random.nextInt(3) == 0) {
                  present.add(new Object[] {id, r[0], r[2], true, r[2], now});
                }
              }
              tx.batch(
                  "insert into class_session (id, group_id, term_id, subject, teacher_id,"
                      + " main_classroom_id, starts_at, ends_at, teaching_day, room_name, status,"
                      + " created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                  rows);
              tx.batch(
                  "insert into session_receiver (session_id, classroom_id, class_id)"
                      + " values (?, ?, ?)",
                  received);
              tx.batch(
                  "insert into attendance (session_id, class_id, student_id, present, marked_by,"
                      + " marked_at) values (?, ?, ?, ?, ?, ?)",
                  present);
              tx.batch(
                  "insert into session_hold (session_id, resource_id, kind, starts_at, ends_at)"
                      + " values (?, ?, ?, ?, ?)",
                  holds);
              return null;
            });
    io.vertx.core.Future.await(done);
    return new UUID[] {group, term, receivers.get(0)[0]};
  }
}
