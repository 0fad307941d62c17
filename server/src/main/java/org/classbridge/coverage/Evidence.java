package org.classbridge.coverage;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.classbridge.common.CsvWriter;
import org.classbridge.common.Subject;

/**
 * The arithmetic of evidence (质量共评), kept apart from storage so it can be checked by hand: what the
 * synchronous sessions of a term gave the receiving classes, and what their pupils watched.
 *
 * <ul>
 *   <li>booked: sessions not cancelled (held, not held and still to come);
 *   <li>held: past sessions where a pupil of the class was marked present or its classroom joined
 *       live (the timetable's rule); not held: the other past ones;
 *   <li>classroom attendance: held ÷ (held + not held);
 *   <li>pupil attendance: pupils marked present ÷ pupils on the registers taken;
 *   <li>live minutes: the time the receiving classroom was connected within the session's times; a
 *       session held by its register alone (taught through a Jitsi deployment, or a classroom that
 *       joined by telephone) counts its booked length;
 *   <li>playback: per pseudonymous pupil, lessons and experiments opened (a resource counts once)
 *       and minutes watched; "per pupil" divides by the pupils enrolled, not only those who
 *       watched.
 * </ul>
 */
final class Evidence {
  private Evidence() {}

  /** Sessions and what they gave, summed over any set of (session, class) pairs. */
  record Tally(
      int held,
      int notHeld,
      int upcoming,
      int cancelled,
      int present,
      int marked,
      long liveSeconds) {
    static final Tally EMPTY = new Tally(0, 0, 0, 0, 0, 0, 0);

    static Tally of(CoverageSources.Received r) {
      if (r.cancelled()) {
        return new Tally(0, 0, 0, 1, 0, 0, 0);
      }
      if (!r.past()) {
        return new Tally(0, 0, 1, 0, 0, 0, 0);
      }
      if (!r.held()) {
        return new Tally(0, 1, 0, 0, 0, r.marked(), 0);
      }
      long live =
          r.joined() ? r.liveSeconds() : Duration.between(r.startsAt(), r.endsAt()).getSeconds();
      return new Tally(1, 0, 0, 0, r.present(), r.marked(), live);
    }

    Tally plus(Tally o) {
      return new Tally(
          held + o.held,
          notHeld + o.notHeld,
          upcoming + o.upcoming,
          cancelled + o.cancelled,
          present + o.present,
          marked + o.marked,
          liveSeconds + o.liveSeconds);
    }

    int booked() {
      return held + notHeld + upcoming;
    }

    /** Held ÷ past sessions, or empty before any session was due. */
    Optional<Double> classroomRate() {
      return held + notHeld == 0 ? Optional.empty() : Optional.of(ratio(held, held + notHeld));
    }

    Optional<Double> pupilRate() {
      return marked == 0 ? Optional.empty() : Optional.of(ratio(present, marked));
    }

    long liveMinutes() {
      return Math.round(liveSeconds / 60.0);
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("booked", booked())
          .put("held", held)
          .put("notHeld", notHeld)
          .put("upcoming", upcoming)
          .put("cancelled", cancelled)
          .put("pupilsPresent", present)
          .put("pupilsMarked", marked)
          .put("classroomAttendance", classroomRate().orElse(null))
          .put("pupilAttendance", pupilRate().orElse(null))
          .put("liveMinutes", liveMinutes());
    }
  }

  /** Pupils' playback over a span. */
  record Watching(
      int enrolled, int active, int lessonsOpened, int experimentsOpened, long watchedSeconds) {
    static final Watching NONE = new Watching(0, 0, 0, 0, 0);

    static Watching of(int enrolled, List<CoverageSources.PupilDay> days) {
      Set<String> pupils = new HashSet<>();
      Set<String> lessons = new HashSet<>();
      Set<String> experiments = new HashSet<>();
      long seconds = 0;
      for (CoverageSources.PupilDay d : days) {
        pupils.add(d.pupil());
        (d.experiment() ? experiments : lessons).add(d.pupil() + "/" + d.resourceId());
        seconds += d.watchedSeconds();
      }
      return new Watching(enrolled, pupils.size(), lessons.size(), experiments.size(), seconds);
    }

    long minutes() {
      return Math.round(watchedSeconds / 60.0);
    }

    Optional<Double> perPupil(double n) {
      return enrolled == 0 ? Optional.empty() : Optional.of(round(n / enrolled));
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("pupilsEnrolled", enrolled)
          .put("pupilsWatching", active)
          .put("lessonsOpened", lessonsOpened)
          .put("experimentsOpened", experimentsOpened)
          .put("minutesWatched", minutes())
          .put("lessonsPerPupil", perPupil(lessonsOpened).orElse(null))
          .put("experimentsPerPupil", perPupil(experimentsOpened).orElse(null))
          .put("minutesPerPupil", perPupil(watchedSeconds / 60.0).orElse(null));
    }
  }

  static double ratio(int a, int b) {
    return round((double) a / b);
  }

  private static double round(double x) {
    return Math.round(x * 1000) / 1000.0;
  }

  static LocalDate week(LocalDate day) {
    return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }

  /** A term's evidence for some classes (one school's, or a group's receiving schools'). */
  record Term(
      CoverageSources.TermInfo term,
      Map<UUID, Tally> byClass,
      Map<UUID, Map<Subject, Tally>> byClassAndSubject,
      Map<Subject, Tally> bySubject,
      Map<LocalDate, Tally> byWeek,
      Map<UUID, Watching> watchingBySchool,
      Map<UUID, Watching> watchingByClass,
      Map<LocalDate, Long> watchedSecondsByWeek,
      Tally total,
      Watching watching) {

    static Term compute(
        CoverageSources.TermInfo term,
        List<CoverageSources.Received> received,
        Map<UUID, UUID> schoolOfClass,
        CoverageSources.Pupils pupils,
        List<CoverageSources.PupilDay> playback) {
      Map<UUID, Integer> pupilsByClass = pupils.enrolled();
      Map<UUID, Tally> byClass = new TreeMap<>();
      Map<UUID, Map<Subject, Tally>> byClassAndSubject = new TreeMap<>();
      Map<Subject, Tally> bySubject = new EnumMap<>(Subject.class);
      Map<LocalDate, Tally> byWeek = new TreeMap<>();
      Tally total = Tally.EMPTY;
      for (CoverageSources.Received r : received) {
        Tally t = Tally.of(r);
        byClass.merge(r.classId(), t, Tally::plus);
        byClassAndSubject
            .computeIfAbsent(r.classId(), k -> new EnumMap<>(Subject.class))
            .merge(r.subject(), t, Tally::plus);
        bySubject.merge(r.subject(), t, Tally::plus);
        byWeek.merge(week(r.day()), t, Tally::plus);
        total = total.plus(t);
      }
      Map<UUID, Integer> enrolledBySchool = new TreeMap<>();
      schoolOfClass.forEach(
          (k, s) -> enrolledBySchool.merge(s, pupilsByClass.getOrDefault(k, 0), Integer::sum));
      Map<UUID, List<CoverageSources.PupilDay>> daysBySchool = new TreeMap<>();
      Map<LocalDate, Long> watchedByWeek = new TreeMap<>();
      for (CoverageSources.PupilDay d : playback) {
        daysBySchool.computeIfAbsent(d.schoolId(), x -> new ArrayList<>()).add(d);
        watchedByWeek.merge(week(d.day()), d.watchedSeconds(), Long::sum);
      }
      Map<UUID, Watching> watching = new TreeMap<>();
      enrolledBySchool.forEach(
          (s, n) -> watching.put(s, Watching.of(n, daysBySchool.getOrDefault(s, List.of()))));
      // a pupil's days count for their class (a pupil in no class counts for the school only)
      Map<UUID, List<CoverageSources.PupilDay>> daysByClass = new TreeMap<>();
      for (CoverageSources.PupilDay d : playback) {
        UUID k = pupils.classOfPupil().get(d.pupil());
        if (k != null) {
          daysByClass.computeIfAbsent(k, x -> new ArrayList<>()).add(d);
        }
      }
      Map<UUID, Watching> watchingByClass = new TreeMap<>();
      schoolOfClass
          .keySet()
          .forEach(
              k ->
                  watchingByClass.put(
                      k,
                      Watching.of(
                          pupilsByClass.getOrDefault(k, 0),
                          daysByClass.getOrDefault(k, List.of()))));
      int enrolled = enrolledBySchool.values().stream().mapToInt(Integer::intValue).sum();
      return new Term(
          term,
          byClass,
          byClassAndSubject,
          bySubject,
          byWeek,
          watching,
          watchingByClass,
          watchedByWeek,
          total,
          Watching.of(enrolled, playback));
    }

    /** The school's classes' tallies summed. */
    Tally ofSchool(UUID schoolId, Map<UUID, UUID> schoolOfClass) {
      Tally t = Tally.EMPTY;
      for (var e : byClass.entrySet()) {
        if (schoolId.equals(schoolOfClass.get(e.getKey()))) {
          t = t.plus(e.getValue());
        }
      }
      return t;
    }

    JsonArray subjectsJson() {
      return subjectsJson(bySubject);
    }

    /** What one class received per subject (live minutes per subject, per class). */
    JsonArray subjectsJson(UUID classId) {
      return subjectsJson(byClassAndSubject.getOrDefault(classId, Map.of()));
    }

    private static JsonArray subjectsJson(Map<Subject, Tally> tallies) {
      JsonArray out = new JsonArray();
      new TreeMap<>(tallies).forEach((s, t) -> out.add(t.toJson().put("subject", s.toJson())));
      return out;
    }

    JsonArray weeksJson() {
      JsonArray out = new JsonArray();
      Set<LocalDate> weeks = new java.util.TreeSet<>(byWeek.keySet());
      weeks.addAll(watchedSecondsByWeek.keySet());
      for (LocalDate w : weeks) {
        out.add(
            byWeek
                .getOrDefault(w, Tally.EMPTY)
                .toJson()
                .put("week", w.toString())
                .put(
                    "minutesWatched", Math.round(watchedSecondsByWeek.getOrDefault(w, 0L) / 60.0)));
      }
      return out;
    }

    /** The headline figures, for a term and the one before it. */
    JsonObject summaryJson() {
      return new JsonObject()
          .put("termId", term.id().toString())
          .put("term", term.name())
          .put("sessions", total.toJson())
          .put("playback", watching.toJson());
    }
  }

  /** This term's headline figures against the previous term's: differences, rates in points. */
  static JsonObject trend(Term now, Term before) {
    JsonObject out = new JsonObject();
    out.put("held", now.total().held() - before.total().held());
    out.put("liveMinutes", now.total().liveMinutes() - before.total().liveMinutes());
    putDelta(
        out, "classroomAttendance", now.total().classroomRate(), before.total().classroomRate());
    putDelta(out, "pupilAttendance", now.total().pupilRate(), before.total().pupilRate());
    Optional<Double> a = now.watching().perPupil(now.watching().watchedSeconds() / 60.0);
    Optional<Double> b = before.watching().perPupil(before.watching().watchedSeconds() / 60.0);
    putDelta(out, "minutesPerPupil", a, b);
    return out;
  }

  private static void putDelta(JsonObject out, String key, Optional<Double> a, Optional<Double> b) {
    out.put(key, a.isPresent() && b.isPresent() ? round(a.get() - b.get()) : null);
  }

  // --- CSV

  static final List<String> TALLY_COLUMNS =
      List.of(
          "booked",
          "held",
          "not held",
          "upcoming",
          "cancelled",
          "classroom attendance",
          "pupils present",
          "pupils marked",
          "pupil attendance",
          "live minutes");

  /** A table as CSV (formula-safe: a spreadsheet opens every cell as data). */
  static String csv(List<String> head, List<List<String>> rows) {
    CsvWriter w = new CsvWriter();
    w.row(head);
    rows.forEach(w::row);
    return w.toString();
  }
}
