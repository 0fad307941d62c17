package org.classbridge.coverage;

import io.vertx.core.Future;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.common.Problem;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;

/**
 * Who may look at a group's or a school's coverage and evidence, and what of it: one rule for the
 * matrix and the evidence. The group's coordinators (and admins) see the group; a school's staff
 * see their school, a teacher only the classes they belong to; pupils nothing (refused at the
 * routes, and here).
 */
final class Scopes {
  private Scopes() {}

  /** A group's term and its receiving schools. */
  record Group(CoverageSources.TermInfo term, List<CoverageSources.SchoolInfo> receiving) {}

  /**
   * A school's term, and the classes the viewer may see of it.
   *
   * @param onlyClasses the viewer's own classes (a teacher who does not coordinate), or empty for
   *     all
   */
  record School(
      CoverageSources.TermInfo term,
      CoverageSources.SchoolInfo school,
      Optional<Set<UUID>> onlyClasses) {}

  static Future<Group> group(
      CoverageSources sources, Principal viewer, UUID groupId, UUID termId, String what) {
    if (!viewer.canSeeGroup(groupId)) {
      return Future.failedFuture(Problem.notFound("group-not-found", "no group " + groupId));
    }
    if (!CoverageService.coordinates(viewer, groupId)) {
      return Future.failedFuture(
          Problem.forbidden("forbidden", "the group's coordinators see its " + what));
    }
    return sources
        .term(viewer, termId)
        .compose(
            term -> {
              if (!term.groupId().equals(groupId)) {
                throw Problem.invalid("wrong-term", "the term is another group's");
              }
              return sources
                  .schoolsOfGroup(groupId)
                  .map(
                      schools ->
                          new Group(
                              term,
                              schools.stream()
                                  .filter(CoverageSources.SchoolInfo::receiving)
                                  .toList()));
            });
  }

  static Future<School> school(
      CoverageSources sources, Principal viewer, UUID schoolId, UUID termId) {
    return sources
        .school(schoolId)
        .compose(
            found -> {
              CoverageSources.SchoolInfo school =
                  found
                      .filter(s -> viewer.canSeeGroup(s.groupId()))
                      .orElseThrow(
                          () -> Problem.notFound("school-not-found", "no school " + schoolId));
              boolean coordinator = CoverageService.coordinates(viewer, school.groupId());
              boolean staff =
                  viewer.role() != Role.STUDENT
                      && viewer.schoolId().map(schoolId::equals).orElse(false);
              if (!coordinator && !staff) {
                throw Problem.forbidden(
                    "forbidden", "the school's staff and the group's coordinators see it");
              }
              Future<Optional<Set<UUID>>> only =
                  !coordinator && viewer.role() == Role.TEACHER
                      ? sources.classesOf(viewer.userId()).map(l -> Optional.of(Set.copyOf(l)))
                      : Future.succeededFuture(Optional.empty());
              return sources
                  .term(viewer, termId)
                  .compose(
                      term -> {
                        if (!term.groupId().equals(school.groupId())) {
                          throw Problem.invalid("wrong-term", "the term is another group's");
                        }
                        return only.map(o -> new School(term, school, o));
                      });
            });
  }
}
