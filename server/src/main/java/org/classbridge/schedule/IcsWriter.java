package org.classbridge.schedule;

import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * Writes a timetable as an iCalendar (RFC 5545) feed that phone calendars subscribe to.
 *
 * <p>The sessions of a series that share a weekday, times and text become one event with a weekly
 * RRULE; the dates the rule would produce but that have no such session (holidays, cancellations,
 * moves) are listed in EXDATE, with the TZID of DTSTART, since parsers disagree on an EXDATE
 * without it. Everything else (single sessions, moved ones, make-up days) is an event of its own.
 * So the feed expands to exactly the booked sessions, whichever parser reads it.
 *
 * <p>Written by hand rather than with ical4j: the output is small and fixed, and writing it keeps
 * folding (75 octets, never inside a UTF-8 sequence) and the one VTIMEZONE under our control.
 */
final class IcsWriter {
  private static final String TZID = "Asia/Shanghai";
  private static final DateTimeFormatter LOCAL = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss");
  private static final DateTimeFormatter UTC =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);

  /** One session as the calendar shows it. */
  record Entry(
      UUID sessionId,
      java.util.Optional<UUID> seriesId,
      Instant start,
      Instant end,
      String summary,
      String location,
      String description) {
    Entry {
      Objects.requireNonNull(summary, "summary");
      Objects.requireNonNull(location, "location");
      Objects.requireNonNull(description, "description");
    }

    LocalDateTime localStart() {
      return LocalDateTime.ofInstant(start, ClassSession.ZONE);
    }

    LocalDateTime localEnd() {
      return LocalDateTime.ofInstant(end, ClassSession.ZONE);
    }
  }

  private final StringBuilder out = new StringBuilder();

  static String write(String calendarName, List<Entry> entries, Instant stamp) {
    IcsWriter w = new IcsWriter();
    w.line("BEGIN:VCALENDAR");
    w.line("VERSION:2.0");
    w.line("PRODID:-//Classbridge//Timetable 1.0//ZH");
    w.line("CALSCALE:GREGORIAN");
    w.line("METHOD:PUBLISH");
    w.line("X-WR-CALNAME:" + text(calendarName));
    w.line("X-WR-TIMEZONE:" + TZID);
    // Beijing time has been UTC+8 without daylight saving since 1991: one STANDARD rule
    w.line("BEGIN:VTIMEZONE");
    w.line("TZID:" + TZID);
    w.line("BEGIN:STANDARD");
    w.line("DTSTART:19700101T000000");
    w.line("TZOFFSETFROM:+0800");
    w.line("TZOFFSETTO:+0800");
    w.line("TZNAME:CST");
    w.line("END:STANDARD");
    w.line("END:VTIMEZONE");

    record Key(
        UUID series, DayOfWeek day, String start, String end, String s, String l, String d) {}
    Map<Key, List<Entry>> groups = new LinkedHashMap<>();
    List<Entry> singles = new ArrayList<>();
    List<Entry> sorted = new ArrayList<>(entries);
    sorted.sort(Comparator.comparing(Entry::start));
    for (Entry e : sorted) {
      if (e.seriesId().isEmpty()) {
        singles.add(e);
        continue;
      }
      Key k =
          new Key(
              e.seriesId().get(),
              e.localStart().getDayOfWeek(),
              e.localStart().toLocalTime().toString(),
              e.localEnd().toLocalTime().toString(),
              e.summary(),
              e.location(),
              e.description());
      groups.computeIfAbsent(k, x -> new ArrayList<>()).add(e);
    }
    for (Map.Entry<Key, List<Entry>> g : groups.entrySet()) {
      List<Entry> members = g.getValue();
      if (members.size() == 1) {
        singles.add(members.get(0));
        continue;
      }
      w.recurring(g.getKey().series(), members, stamp);
    }
    singles.sort(Comparator.comparing(Entry::start));
    for (Entry e : singles) {
      w.event(e.sessionId() + "@classbridge", e, stamp);
      w.line("END:VEVENT");
    }
    w.line("END:VCALENDAR");
    return w.out.toString();
  }

  private void recurring(UUID series, List<Entry> members, Instant stamp) {
    Entry first = members.get(0);
    Entry last = members.get(members.size() - 1);
    Set<LocalDate> present = new TreeSet<>();
    members.forEach(m -> present.add(m.localStart().toLocalDate()));
    List<String> excluded = new ArrayList<>();
    for (LocalDate d = first.localStart().toLocalDate();
        !d.isAfter(last.localStart().toLocalDate());
        d = d.plusWeeks(1)) {
      if (!present.contains(d)) {
        excluded.add(LOCAL.format(d.atTime(first.localStart().toLocalTime())));
      }
    }
    DayOfWeek day = first.localStart().getDayOfWeek();
    event(
        series
            + "-"
            + day.getValue()
            + "-"
            + first.localStart().toLocalTime().toSecondOfDay()
            + "@classbridge",
        first,
        stamp);
    // UNTIL is in UTC when DTSTART carries a TZID (RFC 5545 3.3.10)
    line(
        "RRULE:FREQ=WEEKLY;BYDAY="
            + day.name().substring(0, 2)
            + ";UNTIL="
            + UTC.format(last.start()));
    if (!excluded.isEmpty()) {
      line("EXDATE;TZID=" + TZID + ":" + String.join(",", excluded));
    }
    line("END:VEVENT");
  }

  private void event(String uid, Entry e, Instant stamp) {
    line("BEGIN:VEVENT");
    line("UID:" + uid);
    line("DTSTAMP:" + UTC.format(stamp));
    line("DTSTART;TZID=" + TZID + ":" + LOCAL.format(e.localStart()));
    line("DTEND;TZID=" + TZID + ":" + LOCAL.format(e.localEnd()));
    line("SUMMARY:" + text(e.summary()));
    if (!e.location().isEmpty()) {
      line("LOCATION:" + text(e.location()));
    }
    if (!e.description().isEmpty()) {
      line("DESCRIPTION:" + text(e.description()));
    }
  }

  /** TEXT value escaping (RFC 5545 3.3.11). */
  static String text(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '\\' -> b.append("\\\\");
        case ';' -> b.append("\\;");
        case ',' -> b.append("\\,");
        case '\n' -> b.append("\\n");
        case '\r' -> {}
        default -> {
          if (c >= 0x20 || c == '\t') {
            b.append(c);
          }
        }
      }
    }
    return b.toString();
  }

  /** Appends a content line folded at 75 octets, never inside a UTF-8 sequence, ending CRLF. */
  private void line(String content) {
    int octets = 0;
    int limit = 75;
    for (int i = 0; i < content.length(); ) {
      int cp = content.codePointAt(i);
      int n = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
      if (octets + n > limit) {
        out.append("\r\n ");
        octets = 1; // the leading space counts
        limit = 75;
      }
      out.appendCodePoint(cp);
      octets += n;
      i += Character.charCount(cp);
    }
    out.append("\r\n");
  }
}
