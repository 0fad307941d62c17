package org.classbridge.app;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.common.Problem;
import org.classbridge.coverage.CoverageSources;
import org.classbridge.directory.School;
import org.classbridge.directory.SchoolClass;
import org.classbridge.directory.SchoolDirectory;
import org.classbridge.directory.SchoolSetting;
import org.classbridge.directory.TeachingLanguage;
import org.classbridge.identity.Principal;
import org.classbridge.schedule.DeliveryTally;
import org.classbridge.schedule.TermCalendar;

/** Coverage's view of the directory and the timetable. */
final class SourcesForCoverage implements CoverageSources {
  private final SchoolDirectory directory;
  private final TermCalendar terms;
  private final DeliveryTally tally;

  SourcesForCoverage(SchoolDirectory directory, TermCalendar terms, DeliveryTally tally) {
    this.directory = directory;
    this.terms = terms;
    this.tally = tally;
  }

  @Override
  public Future<TermInfo> term(Principal viewer, UUID termId) {
    return terms
        .term(viewer, termId)
        .map(
            t ->
                new TermInfo(
                    t.id(),
                    t.groupId(),
                    t.name(),
                    t.firstDay(),
                    t.lastDay(),
                    new HashSet<>(t.holidays().keySet()),
                    t.makeupDays()));
  }

  private static SchoolInfo info(School s) {
    return new SchoolInfo(
        s.id(), s.groupId(), s.name(), s.nameBo(), s.setting() != SchoolSetting.URBAN);
  }

  private static ClassInfo info(SchoolClass k) {
    return new ClassInfo(
        k.id(), k.schoolId(), k.name(), k.nameBo(), k.grade(), k.language() != TeachingLanguage.ZH);
  }

  @Override
  public Future<List<SchoolInfo>> schoolsOfGroup(UUID groupId) {
    return directory
        .schools(SchoolDirectory.PLATFORM, Optional.of(groupId))
        .map(l -> l.stream().map(SourcesForCoverage::info).toList());
  }

  @Override
  public Future<Optional<SchoolInfo>> school(UUID schoolId) {
    return absentIfNotFound(
        directory.school(SchoolDirectory.PLATFORM, schoolId).map(SourcesForCoverage::info));
  }

  @Override
  public Future<List<ClassInfo>> classesOfSchools(Collection<UUID> schoolIds) {
    return directory
        .classesOfSchools(schoolIds)
        .map(
            l ->
                l.stream()
                    .filter(k -> k.retiredAt().isEmpty())
                    .map(SourcesForCoverage::info)
                    .toList());
  }

  @Override
  public Future<Optional<ClassInfo>> schoolClass(UUID classId) {
    return absentIfNotFound(
        directory.schoolClass(SchoolDirectory.PLATFORM, classId).map(SourcesForCoverage::info));
  }

  @Override
  public Future<List<UUID>> classesOf(UUID userId) {
    return directory.classesOf(userId).map(l -> l.stream().map(k -> k.id()).toList());
  }

  @Override
  public Future<List<Delivered>> delivered(UUID termId, Collection<UUID> classIds) {
    return tally
        .forTerm(termId, classIds)
        .map(
            l ->
                l.stream()
                    .map(
                        d ->
                            new Delivered(
                                d.classId(),
                                d.subject(),
                                d.day(),
                                d.cancelled(),
                                d.past(),
                                d.held()))
                    .toList());
  }

  private static <T> Future<Optional<T>> absentIfNotFound(Future<T> found) {
    return found
        .map(Optional::of)
        .recover(
            e ->
                e instanceof Problem p && p.code().endsWith("not-found")
                    ? Future.succeededFuture(Optional.empty())
                    : Future.failedFuture(e));
  }
}
