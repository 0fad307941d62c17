package org.classbridge.coverage;

import io.vertx.core.json.JsonObject;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.classbridge.common.Subject;

/**
 * The arithmetic of coverage, kept apart from storage so it can be checked by hand: per class and
 * subject over a term, periods required by the plan, taught locally, delivered by synchronous
 * sessions (held so far, and booked ahead), and the gap that is left.
 */
final class CoverageMatrix {
  private CoverageMatrix() {}

  /**
   * One class's (or a school's, summed) coverage of one subject over a term.
   *
   * @param required periods the plan asks for over the term's teaching weeks
   * @param local periods the school's own teachers give over those weeks
   * @param held past sessions the class had (a pupil present, or its classroom joined)
   * @param notHeld past sessions booked but not held
   * @param upcoming sessions booked ahead (counted as delivery to come)
   * @param gap what neither local teaching nor sessions cover: required − local − held − upcoming,
   *     never below 0
   */
  record Cell(
      int required, int local, int held, int notHeld, int upcoming, int cancelled, int gap) {
    static final Cell EMPTY = new Cell(0, 0, 0, 0, 0, 0, 0);

    Cell plus(Cell o) {
      return new Cell(
          required + o.required,
          local + o.local,
          held + o.held,
          notHeld + o.notHeld,
          upcoming + o.upcoming,
          cancelled + o.cancelled,
          gap + o.gap);
    }

    /** not-required, covered, partial (some delivery, a gap left) or gap (nothing at all). */
    String state() {
      if (required == 0) {
        return "not-required";
      }
      if (gap == 0) {
        return "covered";
      }
      return local + held + upcoming == 0 ? "gap" : "partial";
    }

    JsonObject toJson() {
      return new JsonObject()
          .put("required", required)
          .put("local", local)
          .put("held", held)
          .put("notHeld", notHeld)
          .put("upcoming", upcoming)
          .put("cancelled", cancelled)
          .put("gap", gap)
          .put("state", state());
    }
  }

  /**
   * Whether {@code day} is taught in {@code term} (a weekday that is no holiday, or a make-up day).
   */
  static boolean teaching(CoverageSources.TermInfo term, LocalDate day) {
    if (day.isBefore(term.firstDay()) || day.isAfter(term.lastDay())) {
      return false;
    }
    if (term.makeupDays().containsKey(day)) {
      return true;
    }
    DayOfWeek d = day.getDayOfWeek();
    return d != DayOfWeek.SATURDAY && d != DayOfWeek.SUNDAY && !term.holidays().contains(day);
  }

  /** Teaching weeks: Monday-to-Sunday weeks of the term with at least one teaching day. */
  static int teachingWeeks(CoverageSources.TermInfo term) {
    Set<LocalDate> weeks = new HashSet<>();
    for (LocalDate d = term.firstDay(); !d.isAfter(term.lastDay()); d = d.plusDays(1)) {
      if (teaching(term, d)) {
        weeks.add(d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
      }
    }
    return weeks.size();
  }

  /** Coverage of every class and subject that the plan, the school or a session names. */
  static Map<UUID, Map<Subject, Cell>> compute(
      CoverageSources.TermInfo term,
      CurriculumPlan plan,
      List<CoverageSources.ClassInfo> classes,
      Map<UUID, Map<Subject, Integer>> local,
      List<CoverageSources.Delivered> delivered) {
    int weeks = teachingWeeks(term);
    Map<UUID, Map<Subject, int[]>> sessions = new HashMap<>();
    for (CoverageSources.Delivered d : delivered) {
      // held, notHeld, upcoming, cancelled
      int[] c =
          sessions
              .computeIfAbsent(d.classId(), k -> new EnumMap<>(Subject.class))
              .computeIfAbsent(d.subject(), k -> new int[4]);
      if (d.cancelled()) {
        c[3]++;
      } else if (!d.past()) {
        c[2]++;
      } else if (d.held()) {
        c[0]++;
      } else {
        c[1]++;
      }
    }
    Map<UUID, Map<Subject, Cell>> out = new HashMap<>();
    for (CoverageSources.ClassInfo k : classes) {
      Map<Subject, Cell> row = new EnumMap<>(Subject.class);
      Map<Subject, Integer> taught = local.getOrDefault(k.id(), Map.of());
      Map<Subject, int[]> had = sessions.getOrDefault(k.id(), Map.of());
      for (Subject s : Subject.values()) {
        int required = plan.periods(k.grade(), s, k.tibetanMedium()) * weeks;
        int localPeriods = taught.getOrDefault(s, 0) * weeks;
        int[] c = had.getOrDefault(s, new int[4]);
        if (required == 0 && localPeriods == 0 && c[0] + c[1] + c[2] + c[3] == 0) {
          continue;
        }
        int gap = Math.max(0, required - localPeriods - c[0] - c[2]);
        row.put(s, new Cell(required, localPeriods, c[0], c[1], c[2], c[3], gap));
      }
      out.put(k.id(), row);
    }
    return out;
  }

  /**
   * One week of one class: its Monday, whether any day of it is taught, and per subject what the
   * plan asks that week, what the school gives, and what sessions on its days delivered.
   */
  record Week(LocalDate monday, boolean teaching, Map<Subject, Cell> cells) {}

  /**
   * A class's coverage week by week over the term. A teaching week asks the plan's weekly periods
   * and gets the school's weekly periods; sessions count in the week of their day. The gap is
   * reckoned per week, so a week with more sessions than asked does not fill another week's gap:
   * the weekly gaps add up to at least the term's gap ({@link #compute}).
   */
  static List<Week> weekly(
      CoverageSources.TermInfo term,
      CurriculumPlan plan,
      CoverageSources.ClassInfo k,
      Map<Subject, Integer> local,
      List<CoverageSources.Delivered> delivered) {
    Map<LocalDate, Map<Subject, int[]>> sessions = new HashMap<>();
    for (CoverageSources.Delivered d : delivered) {
      if (!d.classId().equals(k.id())) {
        continue;
      }
      int[] c =
          sessions
              .computeIfAbsent(monday(d.day()), w -> new EnumMap<>(Subject.class))
              .computeIfAbsent(d.subject(), s -> new int[4]);
      c[d.cancelled() ? 3 : !d.past() ? 2 : d.held() ? 0 : 1]++;
    }
    List<Week> out = new java.util.ArrayList<>();
    for (LocalDate w = monday(term.firstDay()); !w.isAfter(term.lastDay()); w = w.plusWeeks(1)) {
      boolean teaching = false;
      for (int i = 0; i < 7 && !teaching; i++) {
        teaching = teaching(term, w.plusDays(i));
      }
      Map<Subject, int[]> had = sessions.getOrDefault(w, Map.of());
      Map<Subject, Cell> cells = new EnumMap<>(Subject.class);
      for (Subject s : Subject.values()) {
        int required = teaching ? plan.periods(k.grade(), s, k.tibetanMedium()) : 0;
        int localPeriods = teaching ? local.getOrDefault(s, 0) : 0;
        int[] c = had.getOrDefault(s, new int[4]);
        if (required == 0 && localPeriods == 0 && c[0] + c[1] + c[2] + c[3] == 0) {
          continue;
        }
        int gap = Math.max(0, required - localPeriods - c[0] - c[2]);
        cells.put(s, new Cell(required, localPeriods, c[0], c[1], c[2], c[3], gap));
      }
      out.add(new Week(w, teaching, cells));
    }
    return out;
  }

  private static LocalDate monday(LocalDate day) {
    return day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
  }
}
