package org.classbridge.coverage;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.classbridge.common.Problem;
import org.classbridge.common.Subject;
import org.classbridge.common.Wire;

/**
 * Weekly periods per grade and subject that a class should receive, and what classes taught in
 * Tibetan (or bilingually) add. One per term of a group; until a group edits it, the national plan
 * from {@code seeds/curriculum-plan.json}.
 *
 * @param grades grade -> subject -> periods a week
 * @param tibetanMedium grade -> subject -> periods a week added for Tibetan-medium classes
 * @param source where the numbers come from (the seed's statement, or who edited them)
 */
public record CurriculumPlan(
    Map<Integer, Map<Subject, Integer>> grades,
    Map<Integer, Map<Subject, Integer>> tibetanMedium,
    String source) {

  /** Most periods a class can have in a week: more is a typing mistake. */
  static final int MAX_WEEKLY = 45;

  public CurriculumPlan {
    grades = copy(grades);
    tibetanMedium = copy(tibetanMedium);
  }

  private static Map<Integer, Map<Subject, Integer>> copy(Map<Integer, Map<Subject, Integer>> in) {
    Map<Integer, Map<Subject, Integer>> out = new TreeMap<>();
    in.forEach((g, m) -> out.put(g, java.util.Collections.unmodifiableMap(new EnumMap<>(m))));
    return java.util.Collections.unmodifiableMap(out);
  }

  /** Periods a week a class of {@code grade} should have of {@code subject}. */
  public int periods(int grade, Subject subject, boolean tibetan) {
    int base = grades.getOrDefault(grade, Map.of()).getOrDefault(subject, 0);
    int added = tibetan ? tibetanMedium.getOrDefault(grade, Map.of()).getOrDefault(subject, 0) : 0;
    return base + added;
  }

  /** The national plan shipped with Classbridge. */
  static CurriculumPlan national() {
    try (InputStream in =
        CurriculumPlan.class.getClassLoader().getResourceAsStream("seeds/curriculum-plan.json")) {
      if (in == null) {
        throw new IllegalStateException("seeds/curriculum-plan.json is missing");
      }
      JsonObject seed = new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
      return parse(seed, seed.getString("source"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * Reads {@code {"grades": {"7": {"maths": 5, ...}}, "tibetanMedium": {"tibetan": {"7": 4}}}}.
   *
   * @throws Problem {@code bad-plan} naming what is wrong
   */
  static CurriculumPlan parse(JsonObject body, String source) {
    if (!(body.getValue("grades") instanceof JsonObject grades)) {
      throw Problem.invalid("bad-plan", "grades: {grade: {subject: periods a week}}");
    }
    Map<Integer, Map<Subject, Integer>> out = new TreeMap<>();
    for (String g : grades.fieldNames()) {
      int grade = grade(g);
      if (!(grades.getValue(g) instanceof JsonObject subjects)) {
        throw Problem.invalid("bad-plan", "grade " + g + ": {subject: periods a week}");
      }
      Map<Subject, Integer> m = new EnumMap<>(Subject.class);
      int total = 0;
      for (String s : subjects.fieldNames()) {
        int n = periods(subjects.getValue(s), "grade " + g + ", " + s);
        m.put(subject(s), n);
        total += n;
      }
      if (total > MAX_WEEKLY) {
        throw Problem.invalid(
            "bad-plan", "grade " + g + " has " + total + " periods a week; at most " + MAX_WEEKLY);
      }
      out.put(grade, m);
    }
    Map<Integer, Map<Subject, Integer>> tibetan = new TreeMap<>();
    Object raw = body.getValue("tibetanMedium");
    if (raw != null) {
      if (!(raw instanceof JsonObject bySubject)) {
        throw Problem.invalid("bad-plan", "tibetanMedium: {subject: {grade: periods a week}}");
      }
      for (String s : bySubject.fieldNames()) {
        Subject subject = subject(s);
        if (!(bySubject.getValue(s) instanceof JsonObject byGrade)) {
          throw Problem.invalid("bad-plan", "tibetanMedium." + s + ": {grade: periods a week}");
        }
        for (String g : byGrade.fieldNames()) {
          tibetan
              .computeIfAbsent(grade(g), k -> new EnumMap<>(Subject.class))
              .put(subject, periods(byGrade.getValue(g), "tibetanMedium " + s + ", grade " + g));
        }
      }
    }
    return new CurriculumPlan(out, tibetan, source == null ? "" : source);
  }

  private static int grade(String g) {
    if (!g.matches("[0-9]{1,2}") || Integer.parseInt(g) < 1 || Integer.parseInt(g) > 12) {
      throw Problem.invalid("bad-plan", "grades are 1 to 12, not " + g);
    }
    return Integer.parseInt(g);
  }

  private static Subject subject(String s) {
    Optional<Subject> subject = Wire.parse(Subject.class, s);
    return subject.orElseThrow(() -> Problem.invalid("bad-plan", "no subject " + s));
  }

  private static int periods(Object v, String where) {
    if (!(v instanceof Integer n) || n < 0 || n > 20) {
      throw Problem.invalid("bad-plan", where + ": a whole number of periods, 0 to 20");
    }
    return n;
  }

  public JsonObject toJson() {
    JsonObject g = new JsonObject();
    grades.forEach(
        (grade, m) -> {
          JsonObject subjects = new JsonObject();
          m.forEach((s, n) -> subjects.put(Wire.id(s), n));
          g.put(Integer.toString(grade), subjects);
        });
    JsonObject t = new JsonObject();
    tibetanMedium.forEach(
        (grade, m) ->
            m.forEach(
                (s, n) -> {
                  JsonObject byGrade = t.getJsonObject(Wire.id(s), new JsonObject());
                  t.put(Wire.id(s), byGrade.put(Integer.toString(grade), n));
                }));
    return new JsonObject().put("grades", g).put("tibetanMedium", t).put("source", source);
  }
}
