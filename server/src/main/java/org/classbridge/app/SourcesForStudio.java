package org.classbridge.app;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.auth.Account;
import org.classbridge.auth.AccountService;
import org.classbridge.catalogue.CatalogueFeature;
import org.classbridge.catalogue.ResourceStatus;
import org.classbridge.common.Subject;
import org.classbridge.common.Wire;
import org.classbridge.directory.School;
import org.classbridge.directory.SchoolDirectory;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.studio.StudioSources;

/** Studios' view of the accounts, and the repository a final lesson plan is published to. */
final class SourcesForStudio implements StudioSources {
  private final AccountService accounts;
  private final SchoolDirectory directory;
  private final CatalogueFeature catalogue;
  private final org.classbridge.schedule.ScheduleFeature schedule;

  SourcesForStudio(
      AccountService accounts,
      SchoolDirectory directory,
      CatalogueFeature catalogue,
      org.classbridge.schedule.ScheduleFeature schedule) {
    this.accounts = accounts;
    this.directory = directory;
    this.catalogue = catalogue;
    this.schedule = schedule;
  }

  @Override
  public Future<Map<UUID, Person>> people(Collection<UUID> ids) {
    if (ids.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return accounts.findAll(List.copyOf(ids)).compose(this::persons);
  }

  @Override
  public Future<Optional<Person>> byUsername(String username) {
    return accounts
        .findByUsernames(List.of(username))
        .compose(
            m ->
                m.isEmpty()
                    ? Future.succeededFuture(Map.<UUID, Person>of())
                    : persons(List.copyOf(m.values())))
        .map(m -> m.values().stream().findFirst());
  }

  private Future<Map<UUID, Person>> persons(List<Account> found) {
    Set<UUID> schools = new HashSet<>();
    found.forEach(a -> a.schoolId().ifPresent(schools::add));
    return directory
        .schoolsById(schools)
        .map(
            bySchool -> {
              Map<UUID, Person> out = new HashMap<>();
              for (Account a : found) {
                out.put(
                    a.id(),
                    new Person(
                        a.id(),
                        a.username(),
                        a.displayName(),
                        a.active() && a.role() == Role.TEACHER,
                        a.schoolId(),
                        a.schoolId().map(bySchool::get).map(School::groupId)));
              }
              return out;
            });
  }

  @Override
  public Future<UUID> publishLessonPlan(
      Principal author,
      String title,
      Optional<String> titleBo,
      Subject subject,
      String stage,
      Optional<Integer> grade,
      Optional<UUID> nodeId,
      String text) {
    JsonObject body =
        new JsonObject()
            .put("kind", "lesson-plan")
            .put("title", title)
            .put("stage", stage)
            .put("subject", Wire.id(subject))
            .put("languages", new JsonArray().add("zh").add("bo"))
            .put("description", "集体备课定稿 · co-prepared in a studio");
    titleBo.ifPresent(t -> body.put("titleBo", t));
    grade.ifPresent(g -> body.put("grade", g));
    nodeId.ifPresent(n -> body.put("nodeId", n.toString()));
    return catalogue
        .catalogue()
        .create(author, body)
        .compose(
            r ->
                catalogue
                    .uploads()
                    .attach(
                        author,
                        r.id(),
                        new java.io.ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)),
                        Optional.of("lesson-plan.txt")))
        .compose(
            r ->
                catalogue
                    .catalogue()
                    .setStatus(
                        SchoolDirectory.PLATFORM,
                        r.id(),
                        r.version(),
                        ResourceStatus.PUBLISHED,
                        Optional.empty()))
        .map(r -> r.id());
  }

  @Override
  public Future<SessionInfo> session(Principal viewer, UUID sessionId) {
    return schedule
        .views()
        .session(viewer, sessionId)
        .compose(
            s -> {
              List<UUID> classes =
                  s.participants().receivers().stream().map(r -> r.classId()).toList();
              Future<Optional<Integer>> grade =
                  classes.isEmpty()
                      ? Future.succeededFuture(Optional.empty())
                      : directory
                          .schoolClass(SchoolDirectory.PLATFORM, classes.get(0))
                          .map(k -> Optional.of(k.grade()))
                          .otherwise(Optional.empty());
              return grade.map(
                  g ->
                      new SessionInfo(
                          s.id(),
                          s.groupId(),
                          s.participants().teacherId(),
                          s.subject(),
                          s.title(),
                          s.day(),
                          s.startsAt(),
                          s.endsAt(),
                          s.status() == org.classbridge.schedule.SessionStatus.BOOKED,
                          g));
            });
  }

  @Override
  public Future<UUID> draftLessonVideo(
      Principal author,
      String title,
      String description,
      Subject subject,
      String stage,
      Optional<Integer> grade) {
    JsonObject body =
        new JsonObject()
            .put("kind", "lesson-video")
            .put("title", title)
            .put("description", description)
            .put("stage", stage)
            .put("subject", Wire.id(subject))
            .put("languages", new JsonArray().add("zh"));
    grade.ifPresent(g -> body.put("grade", g));
    return catalogue.catalogue().create(author, body).map(r -> r.id());
  }

  @Override
  public Future<TermSpan> term(Principal viewer, UUID termId) {
    return schedule
        .terms()
        .term(viewer, termId)
        .map(t -> new TermSpan(t.id(), t.groupId(), t.name(), t.firstDay(), t.lastDay()));
  }

  @Override
  public Future<Map<UUID, LessonUse>> lessons(Collection<UUID> resourceIds) {
    if (resourceIds.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    return catalogue
        .catalogue()
        .indexRecords(List.copyOf(resourceIds))
        .map(
            found -> {
              Map<UUID, LessonUse> out = new HashMap<>();
              for (org.classbridge.catalogue.IndexRecord r : found) {
                out.put(
                    r.resource().id(),
                    new LessonUse(
                        r.resource().id(),
                        r.resource().title(),
                        r.resource().status() == ResourceStatus.PUBLISHED,
                        r.views()));
              }
              return out;
            });
  }

  @Override
  public Future<JsonObject> bookResearch(Principal actor, ResearchStudio studio, JsonObject body) {
    var sessions = schedule.scheduler();
    return sessions
        .bookResearch(
            actor,
            new org.classbridge.schedule.SessionScheduler.Studio(
                studio.id(), studio.groupId(), studio.subject(), studio.leadId(), studio.members()),
            body)
        .compose(s -> schedule.views().describe(List.of(s)))
        .map(list -> list.get(0));
  }

  @Override
  public Future<List<JsonObject>> researchSessions(
      UUID studioId, java.time.LocalDate first, java.time.LocalDate last) {
    // a studio's sessions are booked only on its group's terms, so they are its group's
    return schedule
        .views()
        .ofStudio(studioId, new org.classbridge.schedule.TimetableViews.Days(first, last));
  }

  @Override
  public Future<ResearchTime> researchTime(
      UUID teacher, java.time.LocalDate first, java.time.LocalDate last) {
    return schedule
        .tally()
        .research(teacher, first, last)
        .map(r -> new ResearchTime(r.sessions(), java.time.Duration.ofSeconds(r.seconds())));
  }
}
