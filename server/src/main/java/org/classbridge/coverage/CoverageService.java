package org.classbridge.coverage;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.common.CsvWriter;
import org.classbridge.common.Problem;
import org.classbridge.common.Subject;
import org.classbridge.common.Wire;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.sql.Database;
import org.classbridge.sql.Tx;

/**
 * Coverage for the people who act on it. Who sees what: coordinators their group, school staff
 * their school (a teacher only the classes they belong to), admins everything; pupils never (the
 * routes refuse them). The group's coordinators edit the plan; a school's teachers and the group's
 * coordinators enter what the school teaches itself.
 */
final class CoverageService {
  private final Database db;
  private final CoverageStore store;
  private final CoverageSources sources;
  private final CurriculumPlan national;
  private final Clock clock;

  CoverageService(Database db, CoverageSources sources, Clock clock) {
    this.db = db;
    this.store = new CoverageStore();
    this.sources = sources;
    this.national = CurriculumPlan.national();
    this.clock = clock;
  }

  // --- the plan

  Future<CurriculumPlan> plan(Principal viewer, UUID termId) {
    return sources
        .term(viewer, termId)
        .compose(t -> db.read(tx -> store.plan(tx, termId).orElse(national)));
  }

  Future<CurriculumPlan> putPlan(Principal actor, UUID termId, JsonObject body) {
    CurriculumPlan plan = CurriculumPlan.parse(body, "");
    return sources
        .term(actor, termId)
        .compose(
            t -> {
              if (!coordinates(actor, t.groupId())) {
                throw Problem.forbidden("forbidden", "the group's coordinators edit its plan");
              }
              return db.transaction(
                  tx -> {
                    store.putPlan(tx, termId, plan, actor.userId(), Tx.now(clock));
                    return store.plan(tx, termId).orElseThrow();
                  });
            });
  }

  static boolean coordinates(Principal p, UUID groupId) {
    return p.role() == Role.ADMIN
        || (p.role() == Role.COORDINATOR && p.groupId().map(groupId::equals).orElse(false));
  }

  // --- local teaching

  /** What a class's own school teaches, periods a week per subject. */
  Future<JsonObject> local(Principal viewer, UUID classId, UUID termId) {
    return editableClass(viewer, classId, termId, false)
        .compose(k -> db.read(tx -> store.local(tx, termId, List.of(classId))))
        .map(m -> localJson(classId, termId, m.getOrDefault(classId, Map.of())));
  }

  Future<JsonObject> putLocal(Principal actor, UUID classId, UUID termId, JsonObject body) {
    Map<Subject, Integer> periods = periods(body);
    return editableClass(actor, classId, termId, true)
        .compose(
            k ->
                db.transaction(
                    tx -> {
                      store.putLocal(tx, classId, termId, periods, actor.userId(), Tx.now(clock));
                      return localJson(classId, termId, periods);
                    }));
  }

  private static Map<Subject, Integer> periods(JsonObject body) {
    for (String f : body.fieldNames()) {
      if (!f.equals("subjects")) {
        throw Problem.invalid("unknown-field", "only subjects: {subject: periods a week}");
      }
    }
    if (!(body.getValue("subjects") instanceof JsonObject subjects)) {
      throw Problem.invalid("bad-periods", "subjects: {subject: periods a week}");
    }
    Map<Subject, Integer> out = new EnumMap<>(Subject.class);
    for (String s : subjects.fieldNames()) {
      Subject subject =
          Wire.parse(Subject.class, s)
              .orElseThrow(() -> Problem.invalid("bad-periods", "no subject " + s));
      if (!(subjects.getValue(s) instanceof Integer n) || n < 0 || n > 20) {
        throw Problem.invalid("bad-periods", s + ": a whole number of periods a week, 0 to 20");
      }
      out.put(subject, n);
    }
    return out;
  }

  private static JsonObject localJson(UUID classId, UUID termId, Map<Subject, Integer> m) {
    JsonObject subjects = new JsonObject();
    m.forEach((s, n) -> subjects.put(Wire.id(s), n));
    return new JsonObject()
        .put("classId", classId.toString())
        .put("termId", termId.toString())
        .put("subjects", subjects);
  }

  /**
   * The class, if {@code p} may read (or, with {@code edit}, enter) its local teaching: the
   * school's staff, the group's coordinators, admins; the term must be the class's group's.
   */
  private Future<CoverageSources.ClassInfo> editableClass(
      Principal p, UUID classId, UUID termId, boolean edit) {
    return sources
        .schoolClass(classId)
        .compose(
            k -> {
              CoverageSources.ClassInfo c =
                  k.orElseThrow(() -> Problem.notFound("class-not-found", "no class " + classId));
              return sources
                  .school(c.schoolId())
                  .compose(
                      school -> {
                        if (school.isEmpty() || !p.canSeeGroup(school.get().groupId())) {
                          throw Problem.notFound("class-not-found", "no class " + classId);
                        }
                        return sources
                            .term(p, termId)
                            .map(
                                t -> {
                                  CoverageSources.SchoolInfo s = school.orElseThrow();
                                  if (!t.groupId().equals(s.groupId())) {
                                    throw Problem.invalid(
                                        "wrong-term", "the term is another group's");
                                  }
                                  boolean staff =
                                      p.role() != Role.STUDENT
                                          && p.schoolId().map(s.id()::equals).orElse(false);
                                  if (!staff && !coordinates(p, s.groupId())) {
                                    throw Problem.forbidden(
                                        "forbidden",
                                        "the school's staff and the group's coordinators "
                                            + (edit ? "enter" : "read")
                                            + " its local teaching");
                                  }
                                  return c;
                                });
                      });
            });
  }

  // --- the matrix

  /** A group's receiving schools × subjects, summed over each school's classes. */
  Future<JsonObject> group(Principal viewer, UUID groupId, UUID termId) {
    return Scopes.group(sources, viewer, groupId, termId, "coverage")
        .compose(
            g ->
                computed(g.term(), g.receiving(), Optional.empty())
                    .map(c -> c.groupJson(g.receiving())));
  }

  /** One school's classes × subjects; a teacher sees only the classes they belong to. */
  Future<JsonObject> school(Principal viewer, UUID schoolId, UUID termId) {
    return Scopes.school(sources, viewer, schoolId, termId)
        .compose(
            s ->
                computed(s.term(), List.of(s.school()), s.onlyClasses())
                    .map(c -> c.schoolJson(s.school())));
  }

  /** Everything the matrix needs, computed. */
  private Future<Computed> computed(
      CoverageSources.TermInfo term,
      List<CoverageSources.SchoolInfo> schools,
      Optional<Set<UUID>> onlyClasses) {
    return sources
        .classesOfSchools(schools.stream().map(CoverageSources.SchoolInfo::id).toList())
        .compose(
            all -> {
              List<CoverageSources.ClassInfo> classes =
                  all.stream()
                      .filter(k -> onlyClasses.map(o -> o.contains(k.id())).orElse(true))
                      .sorted(
                          Comparator.comparing(CoverageSources.ClassInfo::grade)
                              .thenComparing(CoverageSources.ClassInfo::name))
                      .toList();
              List<UUID> ids = classes.stream().map(CoverageSources.ClassInfo::id).toList();
              return db.read(
                      tx ->
                          new Object[] {
                            store.plan(tx, term.id()).orElse(national),
                            store.local(tx, term.id(), ids)
                          })
                  .compose(
                      planAndLocal ->
                          sources
                              .delivered(term.id(), ids)
                              .map(
                                  delivered -> {
                                    @SuppressWarnings("unchecked")
                                    Map<UUID, Map<Subject, Integer>> local =
                                        (Map<UUID, Map<Subject, Integer>>) planAndLocal[1];
                                    CurriculumPlan plan = (CurriculumPlan) planAndLocal[0];
                                    return new Computed(
                                        term,
                                        classes,
                                        CoverageMatrix.compute(
                                            term, plan, classes, local, delivered),
                                        CoverageMatrix.teachingWeeks(term));
                                  }));
            });
  }

  /**
   * One receiving class's coverage week by week, per subject, with the term's totals: who sees the
   * class's school matrix sees this, and a teacher only for a class they belong to.
   */
  Future<JsonObject> classWeeks(Principal viewer, UUID classId, UUID termId) {
    Problem unknown = Problem.notFound("class-not-found", "no class " + classId);
    return sources
        .schoolClass(classId)
        .compose(
            found -> {
              CoverageSources.ClassInfo k = found.orElseThrow(() -> unknown);
              return Scopes.school(sources, viewer, k.schoolId(), termId)
                  .recover(
                      e ->
                          Future.failedFuture(
                              e instanceof Problem p && p.kind() == Problem.Kind.NOT_FOUND
                                  ? unknown
                                  : e))
                  .compose(
                      scope -> {
                        if (scope.onlyClasses().map(o -> !o.contains(classId)).orElse(false)) {
                          throw Problem.forbidden(
                              "forbidden", "a teacher sees the coverage of their own classes");
                        }
                        return weeks(scope.term(), k);
                      });
            });
  }

  /** What one class's coverage is computed from: the term's plan, its local teaching, sessions. */
  private record OneClass(
      CoverageSources.ClassInfo k,
      CurriculumPlan plan,
      Map<Subject, Integer> local,
      List<CoverageSources.Delivered> delivered) {

    /** Its term totals per subject. */
    Map<Subject, CoverageMatrix.Cell> total(CoverageSources.TermInfo term) {
      return CoverageMatrix.compute(term, plan, List.of(k), Map.of(k.id(), local), delivered)
          .getOrDefault(k.id(), Map.of());
    }
  }

  private Future<OneClass> oneClass(CoverageSources.TermInfo term, CoverageSources.ClassInfo k) {
    return db.read(
            tx ->
                Map.entry(
                    store.plan(tx, term.id()).orElse(national),
                    store.local(tx, term.id(), List.of(k.id())).getOrDefault(k.id(), Map.of())))
        .compose(
            planAndLocal ->
                sources
                    .delivered(term.id(), List.of(k.id()))
                    .map(d -> new OneClass(k, planAndLocal.getKey(), planAndLocal.getValue(), d)));
  }

  private Future<JsonObject> weeks(CoverageSources.TermInfo term, CoverageSources.ClassInfo k) {
    return oneClass(term, k)
        .map(
            c -> {
              List<CoverageMatrix.Week> weeks =
                  CoverageMatrix.weekly(term, c.plan(), k, c.local(), c.delivered());
              Set<Subject> subjects = EnumSet.noneOf(Subject.class);
              weeks.forEach(w -> subjects.addAll(w.cells().keySet()));
              JsonArray subjectsJson = new JsonArray();
              subjects.forEach(s -> subjectsJson.add(s.toJson()));
              JsonArray rows = new JsonArray();
              for (CoverageMatrix.Week w : weeks) {
                rows.add(
                    new JsonObject()
                        .put("week", w.monday().toString())
                        .put("teaching", w.teaching())
                        .put("cells", Computed.cellsJson(w.cells())));
              }
              return new JsonObject()
                  .put("termId", term.id().toString())
                  .put("term", term.name())
                  .put("teachingWeeks", CoverageMatrix.teachingWeeks(term))
                  .put("classId", k.id().toString())
                  .put("class", k.name())
                  .put("classBo", k.nameBo().orElse(null))
                  .put("grade", k.grade())
                  .put("subjects", subjectsJson)
                  .put("total", Computed.cellsJson(c.total(term)))
                  .put("weeks", rows);
            });
  }

  /** One class's coverage of one subject (the cell "close this gap" starts from). */
  Future<CoverageMatrix.Cell> cell(
      CoverageSources.TermInfo term, CoverageSources.ClassInfo c, Subject subject) {
    return oneClass(term, c)
        .map(one -> one.total(term).getOrDefault(subject, CoverageMatrix.Cell.EMPTY));
  }

  /** A computed matrix and how to write it. */
  record Computed(
      CoverageSources.TermInfo term,
      List<CoverageSources.ClassInfo> classes,
      Map<UUID, Map<Subject, CoverageMatrix.Cell>> cells,
      int weeks) {

    Set<Subject> subjects() {
      Set<Subject> out = EnumSet.noneOf(Subject.class);
      cells.values().forEach(m -> out.addAll(m.keySet()));
      return out;
    }

    JsonObject head() {
      JsonArray subjects = new JsonArray();
      subjects().forEach(s -> subjects.add(s.toJson()));
      return new JsonObject()
          .put("termId", term.id().toString())
          .put("term", term.name())
          .put("teachingWeeks", weeks)
          .put("subjects", subjects);
    }

    JsonObject groupJson(List<CoverageSources.SchoolInfo> schools) {
      JsonArray rows = new JsonArray();
      for (CoverageSources.SchoolInfo s : schools) {
        Map<Subject, CoverageMatrix.Cell> sum = new LinkedHashMap<>();
        int n = 0;
        for (CoverageSources.ClassInfo k : classes) {
          if (!k.schoolId().equals(s.id())) {
            continue;
          }
          n++;
          cells
              .getOrDefault(k.id(), Map.of())
              .forEach((subject, cell) -> sum.merge(subject, cell, CoverageMatrix.Cell::plus));
        }
        rows.add(
            new JsonObject()
                .put("schoolId", s.id().toString())
                .put("school", s.name())
                .put("schoolBo", s.nameBo().orElse(null))
                .put("classes", n)
                .put("cells", cellsJson(sum)));
      }
      return head().put("rows", rows);
    }

    JsonObject schoolJson(CoverageSources.SchoolInfo school) {
      JsonArray rows = new JsonArray();
      for (CoverageSources.ClassInfo k : classes) {
        rows.add(
            new JsonObject()
                .put("classId", k.id().toString())
                .put("class", k.name())
                .put("classBo", k.nameBo().orElse(null))
                .put("grade", k.grade())
                .put("tibetanMedium", k.tibetanMedium())
                .put("cells", cellsJson(cells.getOrDefault(k.id(), Map.of()))));
      }
      return head()
          .put("schoolId", school.id().toString())
          .put("school", school.name())
          .put("rows", rows);
    }

    static JsonObject cellsJson(Map<Subject, CoverageMatrix.Cell> m) {
      JsonObject out = new JsonObject();
      new java.util.TreeMap<>(m).forEach((s, c) -> out.put(Wire.id(s), c.toJson()));
      return out;
    }

    /** The matrix as CSV, one row per row and subject (formula-safe: Excel opens it as data). */
    static String csv(JsonObject matrix, String rowKey) {
      CsvWriter w = new CsvWriter();
      w.row(
          List.of(
              rowKey,
              "subject",
              "required",
              "local",
              "held",
              "not held",
              "upcoming",
              "cancelled",
              "gap",
              "state"));
      for (Object o : matrix.getJsonArray("rows")) {
        JsonObject row = (JsonObject) o;
        JsonObject cells = row.getJsonObject("cells");
        for (String s : cells.fieldNames()) {
          JsonObject c = cells.getJsonObject(s);
          List<String> cols = new ArrayList<>();
          cols.add(row.getString(rowKey));
          cols.add(s);
          for (String k :
              List.of("required", "local", "held", "notHeld", "upcoming", "cancelled", "gap")) {
            cols.add(Integer.toString(c.getInteger(k)));
          }
          cols.add(c.getString("state"));
          w.row(cols);
        }
      }
      return w.toString();
    }
  }

  // --- demo data

  Future<Integer> seedLocalTeaching(UUID termId, Map<UUID, Set<Subject>> lackingBySchool) {
    return sources
        .classesOfSchools(lackingBySchool.keySet())
        .compose(
            classes ->
                db.transaction(
                    tx -> {
                      CurriculumPlan plan = store.plan(tx, termId).orElse(national);
                      Map<UUID, Map<Subject, Integer>> existing =
                          store.local(
                              tx,
                              termId,
                              classes.stream().map(CoverageSources.ClassInfo::id).toList());
                      int n = 0;
                      for (CoverageSources.ClassInfo k : classes) {
                        if (existing.containsKey(k.id())) {
                          continue;
                        }
                        Map<Subject, Integer> periods = new EnumMap<>(Subject.class);
                        for (Subject s : Subject.values()) {
                          int p = plan.periods(k.grade(), s, k.tibetanMedium());
                          if (p > 0 && !lackingBySchool.get(k.schoolId()).contains(s)) {
                            periods.put(s, p);
                          }
                        }
                        store.putLocal(tx, k.id(), termId, periods, SEED_AUTHOR, Tx.now(clock));
                        n++;
                      }
                      return n;
                    }));
  }

  /** Who entered demo data: nobody (a fixed id that is no account). */
  static final UUID SEED_AUTHOR = new UUID(0, 0);

  // --- CSV import of local teaching

  /**
   * A school's local teaching from CSV ({@code class,subject,periods}, one row per class and
   * subject; a class named replaces all its subjects): all rows checked first, nothing saved when
   * one is wrong.
   */
  Future<JsonObject> importLocal(Principal actor, UUID schoolId, UUID termId, byte[] csv) {
    return sources
        .school(schoolId)
        .compose(
            found -> {
              CoverageSources.SchoolInfo school =
                  found
                      .filter(s -> actor.canSeeGroup(s.groupId()))
                      .orElseThrow(
                          () -> Problem.notFound("school-not-found", "no school " + schoolId));
              boolean staff =
                  actor.role() != Role.STUDENT
                      && actor.schoolId().map(schoolId::equals).orElse(false);
              if (!staff && !coordinates(actor, school.groupId())) {
                throw Problem.forbidden(
                    "forbidden", "the school's staff and the group's coordinators enter it");
              }
              return sources
                  .term(actor, termId)
                  .compose(t -> sources.classesOfSchools(List.of(schoolId)))
                  .compose(
                      classes -> {
                        Map<String, UUID> byName = new java.util.HashMap<>();
                        classes.forEach(k -> byName.put(k.name(), k.id()));
                        Map<UUID, Map<Subject, Integer>> rows = parseCsv(csv, byName);
                        return db.transaction(
                            tx -> {
                              for (var e : rows.entrySet()) {
                                store.putLocal(
                                    tx,
                                    e.getKey(),
                                    termId,
                                    e.getValue(),
                                    actor.userId(),
                                    Tx.now(clock));
                              }
                              return new JsonObject()
                                  .put("classes", rows.size())
                                  .put("rows", rows.values().stream().mapToInt(Map::size).sum());
                            });
                      });
            });
  }

  static Map<UUID, Map<Subject, Integer>> parseCsv(byte[] csv, Map<String, UUID> classes) {
    String text = new String(csv, StandardCharsets.UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    String[] lines = text.split("\\r?\\n");
    Map<UUID, Map<Subject, Integer>> out = new LinkedHashMap<>();
    List<Problem.FieldError> errors = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()
          || (i == 0 && line.toLowerCase(java.util.Locale.ROOT).startsWith("class,"))) {
        continue;
      }
      String[] cols = line.split(",", -1);
      String where = "line " + (i + 1);
      if (cols.length != 3) {
        errors.add(new Problem.FieldError(where, "bad-row", "class,subject,periods"));
        continue;
      }
      UUID k = classes.get(cols[0].strip());
      Optional<Subject> s = Wire.parse(Subject.class, cols[1].strip());
      String n = cols[2].strip();
      if (k == null) {
        errors.add(new Problem.FieldError(where, "class-not-found", "no class " + cols[0].strip()));
      } else if (s.isEmpty()) {
        errors.add(new Problem.FieldError(where, "bad-subject", "no subject " + cols[1].strip()));
      } else if (!n.matches("[0-9]{1,2}") || Integer.parseInt(n) > 20) {
        errors.add(new Problem.FieldError(where, "bad-periods", "periods a week, 0 to 20"));
      } else if (!seen.add(k + "/" + s.get())) {
        errors.add(new Problem.FieldError(where, "duplicate", "the class and subject came before"));
      } else {
        out.computeIfAbsent(k, x -> new EnumMap<>(Subject.class)).put(s.get(), Integer.parseInt(n));
      }
    }
    if (!errors.isEmpty()) {
      throw Problem.validation(errors.size() > 50 ? errors.subList(0, 50) : errors);
    }
    if (out.isEmpty()) {
      throw Problem.invalid("empty-import", "the file names no class");
    }
    return out;
  }
}
