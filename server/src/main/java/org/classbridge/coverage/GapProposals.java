package org.classbridge.coverage;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.TemporalAdjusters;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.classbridge.common.Problem;
import org.classbridge.common.Subject;
import org.classbridge.common.Wire;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.sql.Database;
import org.classbridge.sql.Tx;

/**
 * "Close this gap": who can teach what, and ranked weekly slots for a receiving class that lacks a
 * subject. Teachers say which subjects they teach (or their group's coordinators say it for them);
 * the timetable adds anyone who has already taught the subject in the group. The proposals come
 * from the timetable's own search; booking one is an ordinary weekly series, so the coordinator's
 * click goes through the same conflict check as every other booking.
 */
final class GapProposals {
  /** Proposals listed for one cell. */
  static final int LIMIT = 10;

  private final Database db;
  private final CoverageStore store;
  private final CoverageSources sources;
  private final CoverageService coverage;
  private final Clock clock;

  GapProposals(
      Database db,
      CoverageStore store,
      CoverageSources sources,
      CoverageService coverage,
      Clock clock) {
    this.db = db;
    this.store = store;
    this.sources = sources;
    this.coverage = coverage;
    this.clock = clock;
  }

  // --- teaching subjects

  /**
   * A teacher's subjects: the teacher, staff and coordinators of their group, and admins read them;
   * the teacher, the group's coordinators and admins change them.
   */
  Future<JsonObject> subjects(Principal viewer, UUID userId) {
    return teacher(viewer, userId, false)
        .compose(p -> db.read(tx -> subjectsJson(p, store.subjectsOf(tx, p.id()))));
  }

  Future<JsonObject> putSubjects(Principal actor, UUID userId, JsonObject body) {
    Set<Subject> subjects = readSubjects(body);
    return teacher(actor, userId, true)
        .compose(
            p ->
                db.transaction(
                    tx -> {
                      store.putSubjects(tx, p.id(), subjects, actor.userId(), Tx.now(clock));
                      return subjectsJson(p, subjects);
                    }));
  }

  private static Set<Subject> readSubjects(JsonObject body) {
    for (String f : body.fieldNames()) {
      if (!f.equals("subjects")) {
        throw Problem.invalid("unknown-field", "only subjects: [subject, ...]");
      }
    }
    if (!(body.getValue("subjects") instanceof JsonArray list) || list.size() > 20) {
      throw Problem.invalid("bad-subjects", "subjects: a list of at most 20 subjects");
    }
    Set<Subject> out = EnumSet.noneOf(Subject.class);
    for (Object o : list) {
      if (!(o instanceof String s)) {
        throw Problem.invalid("bad-subjects", "subjects are named by their id");
      }
      out.add(
          Wire.parse(Subject.class, s)
              .orElseThrow(() -> Problem.invalid("bad-subjects", "no subject " + s)));
    }
    return out;
  }

  private static JsonObject subjectsJson(CoverageSources.Person p, Set<Subject> subjects) {
    JsonArray list = new JsonArray();
    new java.util.TreeSet<>(subjects).forEach(s -> list.add(Wire.id(s)));
    return new JsonObject()
        .put("userId", p.id().toString())
        .put("displayName", p.displayName())
        .put("subjects", list);
  }

  private Future<CoverageSources.Person> teacher(Principal p, UUID userId, boolean edit) {
    return sources
        .person(userId)
        .map(
            found -> {
              CoverageSources.Person t =
                  found
                      .filter(x -> x.groupId().map(p::canSeeGroup).orElse(false))
                      .orElseThrow(() -> Problem.notFound("user-not-found", "no user " + userId));
              if (!t.teacher()) {
                throw Problem.invalid("not-a-teacher", "only active teachers teach subjects");
              }
              UUID group = t.groupId().orElseThrow();
              boolean self = p.userId().equals(t.id());
              boolean coordinator = CoverageService.coordinates(p, group);
              boolean staff = p.role() == Role.TEACHER || p.role() == Role.COORDINATOR;
              if (!(self || coordinator || (!edit && staff))) {
                throw Problem.forbidden(
                    "forbidden",
                    edit
                        ? "the teacher or the group's coordinators say what a teacher teaches"
                        : "the group's staff see what its teachers teach");
              }
              return t;
            });
  }

  // --- proposals

  /**
   * Proposals for one class and subject, with the gap they answer: the class's cell of the matrix,
   * the teaching weeks left, and how many periods a week would close the gap.
   */
  Future<JsonObject> propose(Principal viewer, UUID classId, UUID termId, Subject subject) {
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
                        CoverageSources.SchoolInfo s =
                            school
                                .filter(x -> viewer.canSeeGroup(x.groupId()))
                                .orElseThrow(
                                    () ->
                                        Problem.notFound("class-not-found", "no class " + classId));
                        if (!CoverageService.coordinates(viewer, s.groupId())) {
                          throw Problem.forbidden(
                              "forbidden", "the group's coordinators close its gaps");
                        }
                        return sources
                            .term(viewer, termId)
                            .compose(
                                term -> {
                                  if (!term.groupId().equals(s.groupId())) {
                                    throw Problem.invalid(
                                        "wrong-term", "the term is another group's");
                                  }
                                  return answer(viewer, term, c, subject);
                                });
                      });
            });
  }

  private Future<JsonObject> answer(
      Principal viewer, CoverageSources.TermInfo term, CoverageSources.ClassInfo c, Subject s) {
    Future<CoverageMatrix.Cell> cell = coverage.cell(term, c, s);
    Future<Set<UUID>> declared = db.read(tx -> store.teachersOf(tx, s));
    return Future.all(cell, declared)
        .compose(
            both ->
                sources
                    .proposals(term.id(), c.id(), s, declared.result(), LIMIT)
                    .map(
                        p -> {
                          CoverageMatrix.Cell k = cell.result();
                          int weeksLeft = weeksLeft(term, LocalDate.parse(p.getString("from")));
                          return p.put("classId", c.id().toString())
                              .put("class", c.name())
                              .put("subject", s.toJson())
                              .put("cell", k.toJson())
                              .put("weeksLeft", weeksLeft)
                              .put(
                                  "periodsPerWeekToClose",
                                  weeksLeft == 0 ? 0 : (k.gap() + weeksLeft - 1) / weeksLeft);
                        }));
  }

  /** Teaching weeks of the term from {@code from} on. */
  static int weeksLeft(CoverageSources.TermInfo term, LocalDate from) {
    Set<LocalDate> weeks = new HashSet<>();
    for (LocalDate d = from; !d.isAfter(term.lastDay()); d = d.plusDays(1)) {
      if (CoverageMatrix.teaching(term, d)) {
        weeks.add(d.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY)));
      }
    }
    return weeks.size();
  }
}
