package org.classbridge.app;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.catalogue.PlaybackTally;
import org.classbridge.common.Problem;
import org.classbridge.common.Subject;
import org.classbridge.coverage.CoverageSources;
import org.classbridge.directory.School;
import org.classbridge.directory.SchoolClass;
import org.classbridge.directory.SchoolDirectory;
import org.classbridge.directory.SchoolSetting;
import org.classbridge.directory.TeachingLanguage;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.schedule.DeliveryTally;
import org.classbridge.schedule.GapSlots;
import org.classbridge.schedule.ScheduleDirectory;
import org.classbridge.schedule.ScheduleFeature;
import org.classbridge.schedule.Term;
import org.classbridge.schedule.TermCalendar;

/** Coverage's view of the directory and the timetable. */
final class SourcesForCoverage implements CoverageSources {
  private final SchoolDirectory directory;
  private final TermCalendar terms;
  private final DeliveryTally tally;
  private final ScheduleDirectory people;
  private final GapSlots gapSlots;
  private final PlaybackTally playback;

  SourcesForCoverage(
      SchoolDirectory directory,
      ScheduleDirectory people,
      ScheduleFeature schedule,
      PlaybackTally playback) {
    this.directory = directory;
    this.terms = schedule.terms();
    this.tally = schedule.tally();
    this.people = people;
    this.gapSlots = schedule.gapSlots();
    this.playback = playback;
  }

  @Override
  public Future<TermInfo> term(Principal viewer, UUID termId) {
    return terms.term(viewer, termId).map(SourcesForCoverage::info);
  }

  private static TermInfo info(Term t) {
    return new TermInfo(
        t.id(),
        t.groupId(),
        t.name(),
        t.firstDay(),
        t.lastDay(),
        new HashSet<>(t.holidays().keySet()),
        t.makeupDays());
  }

  @Override
  public Future<Optional<TermInfo>> previousTerm(TermInfo term) {
    return terms
        .terms(SchoolDirectory.PLATFORM, Optional.of(term.groupId()))
        .map(
            all ->
                all.stream()
                    .filter(t -> t.lastDay().isBefore(term.firstDay()))
                    .max(Comparator.comparing(Term::lastDay))
                    .map(SourcesForCoverage::info));
  }

  @Override
  public Future<Optional<Person>> person(UUID userId) {
    return people
        .people(List.of(userId))
        .map(
            m ->
                Optional.ofNullable(m.get(userId))
                    .map(
                        p ->
                            new Person(
                                p.id(),
                                p.displayName(),
                                p.active() && p.role() == Role.TEACHER,
                                p.schoolId(),
                                p.groupId())));
  }

  @Override
  public Future<List<Received>> received(UUID termId, Collection<UUID> classIds) {
    return tally
        .received(termId, classIds)
        .map(
            l ->
                l.stream()
                    .map(
                        r ->
                            new Received(
                                r.sessionId(),
                                r.classId(),
                                r.subject(),
                                r.day(),
                                r.startsAt(),
                                r.endsAt(),
                                r.cancelled(),
                                r.past(),
                                r.present(),
                                r.marked(),
                                r.joined(),
                                r.liveSeconds()))
                    .toList());
  }

  @Override
  public Future<List<PupilDay>> playback(Collection<UUID> schoolIds, LocalDate from, LocalDate to) {
    return playback
        .between(schoolIds, from, to)
        .map(
            l ->
                l.stream()
                    .map(
                        u ->
                            new PupilDay(
                                u.schoolId(),
                                u.pupil(),
                                u.day(),
                                u.resourceId(),
                                u.experiment(),
                                u.watchedSeconds()))
                    .toList());
  }

  @Override
  public Future<Pupils> pupils(Collection<UUID> classIds) {
    List<UUID> ids = List.copyOf(classIds);
    List<Future<List<ScheduleDirectory.Person>>> each = new ArrayList<>();
    ids.forEach(k -> each.add(people.students(k)));
    return Future.all(each)
        .map(
            all -> {
              Map<UUID, Integer> enrolled = new HashMap<>();
              Map<UUID, UUID> classOfAccount = new HashMap<>();
              for (int i = 0; i < ids.size(); i++) {
                List<ScheduleDirectory.Person> students = all.resultAt(i);
                enrolled.put(ids.get(i), students.size());
                for (ScheduleDirectory.Person p : students) {
                  classOfAccount.putIfAbsent(p.id(), ids.get(i));
                }
              }
              Map<String, UUID> classOfPupil = new HashMap<>();
              playback
                  .pseudonyms(classOfAccount.keySet())
                  .forEach(
                      (pupil, account) -> classOfPupil.put(pupil, classOfAccount.get(account)));
              return new Pupils(enrolled, classOfPupil);
            });
  }

  @Override
  public Future<JsonObject> proposals(
      UUID termId, UUID classId, Subject subject, Set<UUID> declared, int limit) {
    return gapSlots
        .propose(termId, classId, subject, declared, limit)
        .map(
            p -> {
              JsonArray list = new JsonArray();
              p.best().forEach(x -> list.add(x.toJson()));
              return new JsonObject()
                  .put("from", p.from().toString())
                  .put("teachersConsidered", p.teachersConsidered())
                  .put("slotsConsidered", p.slotsConsidered())
                  .put("proposals", list);
            });
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
