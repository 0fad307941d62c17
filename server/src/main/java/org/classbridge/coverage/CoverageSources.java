package org.classbridge.coverage;

import io.vertx.core.Future;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.common.Subject;
import org.classbridge.identity.Principal;

/** What coverage needs of the directory and the timetable; {@code app} implements it. */
public interface CoverageSources {
  /**
   * A term: its teaching days are the weekdays between first and last, less holidays, plus make-up
   * days.
   */
  record TermInfo(
      UUID id,
      UUID groupId,
      String name,
      LocalDate firstDay,
      LocalDate lastDay,
      Set<LocalDate> holidays,
      Map<LocalDate, DayOfWeek> makeupDays) {}

  /**
   * @param receiving a rural or pastoral school (the ones coverage is about)
   */
  record SchoolInfo(
      UUID id, UUID groupId, String name, Optional<String> nameBo, boolean receiving) {}

  /**
   * @param tibetanMedium taught in Tibetan or bilingually (its plan adds 藏语文)
   */
  record ClassInfo(
      UUID id,
      UUID schoolId,
      String name,
      Optional<String> nameBo,
      int grade,
      boolean tibetanMedium) {}

  /** One session as a receiving class had it. */
  record Delivered(
      UUID classId,
      Subject subject,
      LocalDate day,
      boolean cancelled,
      boolean past,
      boolean held) {}

  /** The term, if {@code viewer} may see it (a 404 problem otherwise). */
  Future<TermInfo> term(Principal viewer, UUID termId);

  Future<List<SchoolInfo>> schoolsOfGroup(UUID groupId);

  Future<Optional<SchoolInfo>> school(UUID schoolId);

  Future<List<ClassInfo>> classesOfSchools(Collection<UUID> schoolIds);

  Future<Optional<ClassInfo>> schoolClass(UUID classId);

  /** The classes a teacher belongs to. */
  Future<List<UUID>> classesOf(UUID userId);

  /** Every session of the term received by one of these classes. */
  Future<List<Delivered>> delivered(UUID termId, Collection<UUID> classIds);

  /** Someone who may teach: the teaching-subject routes and proposals name them. */
  record Person(
      UUID id,
      String displayName,
      boolean teacher,
      Optional<UUID> schoolId,
      Optional<UUID> groupId) {}

  Future<Optional<Person>> person(UUID userId);

  /**
   * One session as a receiving class had it, with its register and its classroom's time live.
   *
   * @param present pupils marked present; {@code marked} the register's size (0: none taken)
   * @param joined the receiving classroom connected live
   * @param liveSeconds time connected within the session's times
   */
  record Received(
      UUID sessionId,
      UUID classId,
      Subject subject,
      LocalDate day,
      java.time.Instant startsAt,
      java.time.Instant endsAt,
      boolean cancelled,
      boolean past,
      int present,
      int marked,
      boolean joined,
      long liveSeconds) {
    /** Held: a pupil present, or the classroom joined (the timetable's rule). */
    public boolean held() {
      return present > 0 || joined;
    }
  }

  /** Every session of the term received by one of these classes, with its evidence. */
  Future<List<Received>> received(UUID termId, Collection<UUID> classIds);

  /** A pupil's (pseudonymous) playback of one resource on one day. */
  record PupilDay(
      UUID schoolId,
      String pupil,
      LocalDate day,
      UUID resourceId,
      boolean experiment,
      long watchedSeconds) {}

  Future<List<PupilDay>> playback(Collection<UUID> schoolIds, LocalDate from, LocalDate to);

  /**
   * The pupils of some classes.
   *
   * @param enrolled active pupils enrolled per class
   * @param classOfPupil each pupil's class (their first, if several) under the pseudonym their
   *     playback is kept under: how playback days count for a class without carrying account ids
   */
  record Pupils(Map<UUID, Integer> enrolled, Map<String, UUID> classOfPupil) {}

  Future<Pupils> pupils(Collection<UUID> classIds);

  /** The group's term that ended last before this one began, if any. */
  Future<Optional<TermInfo>> previousTerm(TermInfo term);

  /**
   * Ranked weekly slots that would give {@code classId} periods of {@code subject} for the rest of
   * the term: {from, teachersConsidered, slotsConsidered, proposals: [...]}, each proposal with the
   * body of the weekly series that books it.
   *
   * @param declared teachers who have said they teach the subject
   */
  Future<io.vertx.core.json.JsonObject> proposals(
      UUID termId, UUID classId, Subject subject, Set<UUID> declared, int limit);
}
