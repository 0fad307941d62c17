package org.classbridge.studio;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.common.Subject;
import org.classbridge.identity.Principal;

/** What studios need of the accounts and the repository; {@code app} implements it. */
public interface StudioSources {
  /**
   * Someone a studio can name.
   *
   * @param teacher an active teacher account
   */
  record Person(
      UUID id,
      String username,
      String displayName,
      boolean teacher,
      Optional<UUID> schoolId,
      Optional<UUID> groupId) {}

  Future<Map<UUID, Person>> people(Collection<UUID> ids);

  Future<Optional<Person>> byUsername(String username);

  /**
   * Publishes a final lesson plan to the repository as a lesson-plan resource of {@code author}'s
   * school, filed at {@code nodeId} when given; its id.
   */
  Future<UUID> publishLessonPlan(
      Principal author,
      String title,
      Optional<String> titleBo,
      Subject subject,
      String stage,
      Optional<Integer> grade,
      Optional<UUID> nodeId,
      String text);

  /**
   * A timetabled session, as recording needs it.
   *
   * @param grade the grade of its first receiving class (decides the lesson's stage)
   */
  record SessionInfo(
      UUID id,
      UUID groupId,
      UUID teacherId,
      Subject subject,
      Optional<String> title,
      java.time.LocalDate day,
      java.time.Instant startsAt,
      java.time.Instant endsAt,
      boolean booked,
      Optional<Integer> grade) {}

  /** The session, if {@code viewer} may see it (a 404 problem otherwise). */
  Future<SessionInfo> session(Principal viewer, UUID sessionId);

  /** Creates a draft lesson video of {@code author}'s school, to be uploaded; its id. */
  Future<UUID> draftLessonVideo(
      Principal author,
      String title,
      String description,
      Subject subject,
      String stage,
      Optional<Integer> grade);

  /** A term's span, if {@code viewer} may see it (a 404 problem otherwise). */
  record TermSpan(
      UUID id,
      UUID groupId,
      String name,
      java.time.LocalDate firstDay,
      java.time.LocalDate lastDay) {}

  Future<TermSpan> term(Principal viewer, UUID termId);

  /**
   * How a repository resource fares.
   *
   * @param views times it was opened (the catalogue's count)
   */
  record LessonUse(UUID id, String title, boolean published, long views) {}

  Future<Map<UUID, LessonUse>> lessons(Collection<UUID> resourceIds);

  /**
   * A studio as the timetable books its research sessions.
   *
   * @param members its members besides the lead
   */
  record ResearchStudio(
      UUID id, UUID groupId, Subject subject, UUID leadId, java.util.Set<UUID> members) {}

  /**
   * Books a teachers' research session through the timetable's conflict-free path; the session as
   * the timetable describes it. The caller has checked that {@code actor} may book for the studio.
   */
  Future<io.vertx.core.json.JsonObject> bookResearch(
      Principal actor, ResearchStudio studio, io.vertx.core.json.JsonObject body);

  /** The studio's research sessions between two days, as the timetable describes them. */
  Future<List<io.vertx.core.json.JsonObject>> researchSessions(
      UUID studioId, java.time.LocalDate first, java.time.LocalDate last);

  /** Research sessions {@code teacher} took part in (hosted or as a colleague) and their length. */
  record ResearchTime(int sessions, java.time.Duration time) {}

  Future<ResearchTime> researchTime(
      UUID teacher, java.time.LocalDate first, java.time.LocalDate last);
}
