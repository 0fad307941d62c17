package org.classbridge.schedule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.classbridge.testing.Problems.assertProblem;

import io.vertx.core.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.temporal.Temporal;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import net.fortuna.ical4j.data.CalendarBuilder;
import net.fortuna.ical4j.model.Calendar;
import net.fortuna.ical4j.model.Component;
import net.fortuna.ical4j.model.Period;
import net.fortuna.ical4j.model.component.VEvent;
import org.classbridge.app.Classbridge;
import org.classbridge.testing.Api;
import org.classbridge.testing.MutableClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The iCalendar feeds, read back by parsers that are not ours (ical4j, and Python's
 * recurring-ical-events when the Debian package is installed): the occurrences they expand must be
 * exactly the booked sessions, holidays and cancellations excluded.
 */
abstract class CalendarFeedContract {
  static {
    // no outbound timezone updates (INTEROP.md section E)
    System.setProperty("net.fortuna.ical4j.timezone.update.enabled", "false");
  }

  @TempDir static Path data;
  static Classbridge app;
  static Api api;
  static DemoGroup demo;
  static final MutableClock CLOCK = new MutableClock(Instant.parse("2026-12-01T01:00:00Z"));

  @AfterAll
  static void stop() {
    if (app != null) {
      app.close();
      app = null;
    }
  }

  /** Session starts the feed must hold: the timetable's, in the feed's window. */
  static Set<Instant> expected(String scope, String id) {
    Set<Instant> out = new TreeSet<>();
    // the feed shows 60 days back and 240 ahead; the demo term lies inside that from 2026-10-02
    for (String[] range :
        new String[][] {{"2026-10-02", "2026-12-31"}, {"2027-01-01", "2027-01-31"}}) {
      api.get(
              "/api/v1/timetable?scope="
                  + scope
                  + "&id="
                  + id
                  + "&from="
                  + range[0]
                  + "&to="
                  + range[1],
              demo.token("coordinator"))
          .items()
          .forEach(o -> out.add(Instant.parse(((JsonObject) o).getString("startsAt"))));
    }
    return out;
  }

  static String feed(String token, String kind, String owner) {
    Api.Response made =
        api.post(
            "/api/v1/calendar-feeds",
            token,
            new JsonObject().put("ownerKind", kind).put("ownerId", owner));
    assertThat(made.status()).as("%s", made).isEqualTo(201);
    return made.json().getString("url");
  }

  static Set<Instant> ical4jOccurrences(String ics) throws Exception {
    Calendar cal = new CalendarBuilder().build(new StringReader(ics));
    Set<Instant> out = new TreeSet<>();
    Period<ZonedDateTime> all =
        new Period<>(
            ZonedDateTime.parse("2026-01-01T00:00:00+08:00[Asia/Shanghai]"),
            ZonedDateTime.parse("2028-01-01T00:00:00+08:00[Asia/Shanghai]"));
    List<VEvent> events = cal.getComponents(Component.VEVENT);
    for (VEvent e : events) {
      Set<Period<Temporal>> set = e.calculateRecurrenceSet(all);
      for (Period<Temporal> p : set) {
        out.add(Instant.from(p.getStart()));
      }
    }
    return out;
  }

  @Test
  @DisplayName(
      "a teacher's feed expands, in ical4j, to exactly their booked sessions, holidays excluded")
  void teacherFeed() throws Exception {
    String teacher = demo.users.get("teacher.xining");
    String url = feed(demo.token("teacher.xining"), "teacher", teacher);
    Api.Response r = api.get(url, null);
    assertThat(r.status()).isEqualTo(200);
    assertThat(r.header("Content-Type")).startsWith("text/calendar");
    String ics = r.body();
    assertThat(ics).contains("RRULE:FREQ=WEEKLY;BYDAY=TU;UNTIL=");
    assertThat(ics).contains("BEGIN:VTIMEZONE\r\nTZID:Asia/Shanghai");
    // EXDATE always carries DTSTART's TZID, so every parser drops the same holiday
    assertThat(ics.lines().filter(l -> l.startsWith("EXDATE")))
        .isNotEmpty()
        .allSatisfy(l -> assertThat(l).startsWith("EXDATE;TZID=Asia/Shanghai:"));
    assertThat(ics.lines().filter(l -> l.startsWith("DTSTAMP")))
        .hasSize((int) ics.lines().filter(l -> l.equals("BEGIN:VEVENT")).count());
    assertThat(ics.lines())
        .allSatisfy(
            l -> assertThat(l.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(75));

    Set<Instant> want = expected("teacher", teacher);
    assertThat(want).hasSizeGreaterThan(50);
    Set<Instant> got = ical4jOccurrences(ics);
    assertThat(got).isEqualTo(want);
    assertThat(got).doesNotContain(Instant.parse("2026-10-06T02:00:00Z")); // national-day week
    assertThat(got).contains(Instant.parse("2026-10-10T02:00:00Z")); // make-up Saturday
  }

  @Test
  @DisplayName("a school's feed expands to the same sessions in Python's recurring-ical-events")
  void schoolFeedInPython() throws Exception {
    String school = demo.schools.get(DemoGroup.YUSHU);
    String ics = api.get(feed(demo.token("coordinator"), "school", school), null).body();
    Set<Instant> want = expected("school", school);
    assertThat(want).hasSizeGreaterThan(40);
    assertThat(ical4jOccurrences(ics)).isEqualTo(want);
    assertThat(pythonOccurrences(ics)).isEqualTo(want);
  }

  @Test
  @DisplayName(
      "cancelling a session drops it from the feed; revoking the feed ends the URL at once")
  void cancelAndRevoke() throws Exception {
    String room = demo.room(DemoGroup.XINING, "主讲教室 A202");
    Api.Response made =
        api.post(
            "/api/v1/calendar-feeds",
            demo.token("coordinator"),
            new JsonObject().put("ownerKind", "classroom").put("ownerId", room));
    String url = made.json().getString("url");
    String feedId = made.json().getString("id");
    JsonObject monday =
        api.get(
                "/api/v1/timetable?scope=classroom&id=" + room + "&from=2026-12-07&to=2026-12-07",
                demo.token("coordinator"))
            .items()
            .getJsonObject(0);
    assertThat(ical4jOccurrences(api.get(url, null).body()))
        .contains(Instant.parse(monday.getString("startsAt")));
    assertThat(
            api.request(
                    "DELETE",
                    "/api/v1/sessions/" + monday.getString("id"),
                    demo.token("coordinator"))
                .status())
        .isEqualTo(200);
    Set<Instant> after = ical4jOccurrences(api.get(url, null).body());
    assertThat(after).doesNotContain(Instant.parse(monday.getString("startsAt")));
    assertThat(after).isEqualTo(expected("classroom", room));

    // a teacher may not subscribe to someone else's timetable, nor revoke another's feed
    assertProblem(
        api.post(
            "/api/v1/calendar-feeds",
            demo.token("teacher.yushu"),
            new JsonObject()
                .put("ownerKind", "teacher")
                .put("ownerId", demo.users.get("teacher.xining"))),
        403,
        "forbidden");
    assertProblem(
        api.request("DELETE", "/api/v1/calendar-feeds/" + feedId, demo.token("teacher.yushu")),
        404,
        "feed-not-found");
    assertThat(
            api.request("DELETE", "/api/v1/calendar-feeds/" + feedId, demo.token("coordinator"))
                .status())
        .isEqualTo(204);
    assertProblem(api.get(url, null), 404, "feed-not-found");
    assertProblem(api.get("/calendar/not-a-token.ics", null), 404, "feed-not-found");
    assertProblem(api.get("/calendar/" + "A".repeat(43) + ".ics", null), 404, "feed-not-found");
  }

  /**
   * The occurrences Python's recurring-ical-events (Debian package) expands from {@code ics}, or
   * null, loudly, when that package is not installed.
   */
  static Set<Instant> pythonOccurrences(String ics) throws Exception {
    Path file = Files.createTempFile(data, "feed", ".ics");
    Files.writeString(file, ics);
    String script =
        "import sys, icalendar, recurring_ical_events, datetime\n"
            + "cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())\n"
            + "for e in recurring_ical_events.of(cal).between((2026,1,1), (2028,1,1)):\n"
            + "    print(e['DTSTART'].dt.astimezone(datetime.timezone.utc).strftime('%Y-%m-%dT%H:%M:%SZ'))\n";
    // Debian's interpreter, where Debian's python3-* packages live (not a pyenv shim on PATH)
    String python =
        Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
    Process p =
        new ProcessBuilder(python, "-c", script, file.toString()).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    if (out.contains("ModuleNotFoundError")) {
      String message =
          "SKIPPED the Python iCalendar check: install Debian python3-icalendar and"
              + " python3-recurring-ical-events (.ci/run does): "
              + out.lines().filter(l -> l.contains("Error")).findFirst().orElse("");
      System.err.println("\n*** " + message + " ***\n");
      Assumptions.abort(message);
    }
    assertThat(p.exitValue()).as(out).isZero();
    Set<Instant> got = new TreeSet<>();
    out.lines().filter(l -> !l.isBlank()).forEach(l -> got.add(Instant.parse(l.strip())));
    return got;
  }
}
