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
}
