package org.classbridge.coverage;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.classbridge.common.Subject;
import org.classbridge.common.Wire;
import org.classbridge.sql.Sql;
import org.classbridge.sql.Tx;

/** Coverage's tables: the plan of each term, local teaching per class, teachers' subjects. */
final class CoverageStore {
  /** The term's own plan, when its group has set one. */
  Optional<CurriculumPlan> plan(Tx tx, UUID termId) throws SQLException {
    Map<Integer, Map<Subject, Integer>> grades = new TreeMap<>();
    Map<Integer, Map<Subject, Integer>> tibetan = new TreeMap<>();
    String[] source = {null};
    List<Object[]> rows =
        tx.list(
            "select grade, subject, medium, periods, updated_at from curriculum_plan"
                + " where term_id = ?",
            rs ->
                new Object[] {
                  rs.getInt(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getInt(4),
                  Sql.instant(rs, "updated_at")
                },
            termId);
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    for (Object[] r : rows) {
      Subject s = Wire.require(Subject.class, (String) r[1]);
      ("tibetan".equals(r[2]) ? tibetan : grades)
          .computeIfAbsent((Integer) r[0], k -> new EnumMap<>(Subject.class))
          .put(s, (Integer) r[3]);
      source[0] = "edited by the group, " + r[4];
    }
    return Optional.of(new CurriculumPlan(grades, tibetan, source[0]));
  }

  void putPlan(Tx tx, UUID termId, CurriculumPlan plan, UUID by, Instant at) throws SQLException {
    tx.update("delete from curriculum_plan where term_id = ?", termId);
    List<Object[]> rows = new ArrayList<>();
    plan.grades()
        .forEach(
            (g, m) ->
                m.forEach(
                    (s, n) -> rows.add(new Object[] {termId, g, Wire.id(s), "all", n, by, at})));
    plan.tibetanMedium()
        .forEach(
            (g, m) ->
                m.forEach(
                    (s, n) ->
                        rows.add(new Object[] {termId, g, Wire.id(s), "tibetan", n, by, at})));
    tx.batch(
        "insert into curriculum_plan (term_id, grade, subject, medium, periods, updated_by,"
            + " updated_at) values (?, ?, ?, ?, ?, ?, ?)",
        rows);
  }

  /** Local periods a week per class and subject, for these classes in the term. */
  Map<UUID, Map<Subject, Integer>> local(Tx tx, UUID termId, Collection<UUID> classIds)
      throws SQLException {
    Map<UUID, Map<Subject, Integer>> out = new HashMap<>();
    if (classIds.isEmpty()) {
      return out;
    }
    java.util.Set<UUID> wanted = new java.util.HashSet<>(classIds);
    // one read per term (a term's rows are a few thousand at most), filtered here
    for (Object[] r :
        tx.list(
            "select class_id, subject, periods from local_teaching where term_id = ?",
            rs -> new Object[] {Sql.uuid(rs, "class_id"), rs.getString(2), rs.getInt(3)},
            termId)) {
      if (wanted.contains((UUID) r[0])) {
        out.computeIfAbsent((UUID) r[0], k -> new EnumMap<>(Subject.class))
            .put(Wire.require(Subject.class, (String) r[1]), (Integer) r[2]);
      }
    }
    return out;
  }

  void putLocal(
      Tx tx, UUID classId, UUID termId, Map<Subject, Integer> periods, UUID by, Instant at)
      throws SQLException {
    tx.update("delete from local_teaching where class_id = ? and term_id = ?", classId, termId);
    List<Object[]> rows = new ArrayList<>();
    periods.forEach(
        (s, n) -> {
          if (n > 0) {
            rows.add(new Object[] {classId, termId, Wire.id(s), n, by, at});
          }
        });
    tx.batch(
        "insert into local_teaching (class_id, term_id, subject, periods, updated_by, updated_at)"
            + " values (?, ?, ?, ?, ?, ?)",
        rows);
  }

  // --- teaching subjects

  java.util.Set<Subject> subjectsOf(Tx tx, UUID userId) throws SQLException {
    java.util.Set<Subject> out = java.util.EnumSet.noneOf(Subject.class);
    tx.list(
        "select subject from teacher_subject where user_id = ?",
        rs -> out.add(Wire.require(Subject.class, rs.getString(1))),
        userId);
    return out;
  }

  void putSubjects(Tx tx, UUID userId, java.util.Set<Subject> subjects, UUID by, Instant at)
      throws SQLException {
    tx.update("delete from teacher_subject where user_id = ?", userId);
    List<Object[]> rows = new ArrayList<>();
    subjects.forEach(s -> rows.add(new Object[] {userId, Wire.id(s), by, at}));
    tx.batch(
        "insert into teacher_subject (user_id, subject, updated_by, updated_at)"
            + " values (?, ?, ?, ?)",
        rows);
  }

  /** Everyone who has said they teach the subject (the caller keeps the group's). */
  java.util.Set<UUID> teachersOf(Tx tx, Subject subject) throws SQLException {
    java.util.Set<UUID> out = new java.util.HashSet<>();
    tx.list(
        "select user_id from teacher_subject where subject = ?",
        rs -> out.add(Sql.uuid(rs, "user_id")),
        Wire.id(subject));
    return out;
  }
}
