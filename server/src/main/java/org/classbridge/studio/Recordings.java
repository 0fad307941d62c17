package org.classbridge.studio;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.common.Problem;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.sql.Database;
import org.classbridge.sql.Tx;

/**
 * Recorded lessons (录播) and their critique (评课). The session's teacher records in the main
 * classroom's page; before the upload starts, this makes the draft lesson video it goes into, filed
 * with the session's subject and grade, and remembers which session it came from. The recording
 * then travels like any upload (tus, resumable the next day) and through the media pipeline; the
 * teacher publishes it from the library as any lesson.
 *
 * <p>Critique: the teacher, their studio colleagues and the group's coordinators comment on moments
 * of the video with a rubric criterion and score; a lead of the teacher's studios (or a
 * coordinator) writes the summary. Pupils never reach these routes.
 */
final class Recordings {

  /** A recording may start this long before the session (the teacher sets up). */
  static final Duration EARLY = Duration.ofMinutes(15);

  private final Database db;
  private final StudioStore store;
  private final StudioSources sources;
  private final Clock clock;

  Recordings(Database db, StudioStore store, StudioSources sources, Clock clock) {
    this.db = db;
    this.store = store;
    this.sources = sources;
    this.clock = clock;
  }

  static String stage(Optional<Integer> grade) {
    return grade.map(g -> g <= 6 ? "primary" : g <= 9 ? "junior" : "senior").orElse("junior");
  }

  /** The draft lesson a recording of the session goes into (the session's teacher, once begun). */
  Future<JsonObject> start(Principal actor, UUID sessionId) {
    return sources
        .session(actor, sessionId)
        .compose(
            s -> {
              if (!s.teacherId().equals(actor.userId())) {
                throw Problem.forbidden("forbidden", "the session's teacher records it");
              }
              if (!s.booked()) {
                throw Problem.conflict("session-cancelled", "the session was cancelled");
              }
              if (clock.instant().isBefore(s.startsAt().minus(EARLY))) {
                throw Problem.conflict("session-not-started", "recording opens with the class");
              }
              String title = s.title().orElse(s.subject().zh()) + " · " + s.day() + " · 录播";
              return sources
                  .draftLessonVideo(
                      actor,
                      title,
                      "同步课堂录播 · recorded in the main classroom on " + s.day(),
                      s.subject(),
                      stage(s.grade()),
                      s.grade())
                  .compose(
                      resource ->
                          db.transaction(
                              c -> {
                                store.insert(
                                    c,
                                    new StudioStore.Recording(
                                        resource, s.id(), actor.userId(), Tx.now(clock)));
                                return new JsonObject()
                                    .put("resourceId", resource.toString())
                                    .put("sessionId", s.id().toString())
                                    .put("title", title);
                              }));
            });
  }

  /** A session's recordings (those who may see the session). */
  Future<JsonObject> ofSession(Principal viewer, UUID sessionId) {
    return sources
        .session(viewer, sessionId)
        .compose(s -> db.read(c -> store.recordingsOf(c, s.id())))
        .map(
            l -> {
              JsonArray items = new JsonArray();
              l.forEach(
                  r ->
                      items.add(
                          new JsonObject()
                              .put("resourceId", r.resourceId().toString())
                              .put("teacherId", r.teacherId().toString())
                              .put("createdAt", r.createdAt().toString())));
              return new JsonObject().put("items", items);
            });
  }

  // --- critique

  /**
   * @param rubric the criteria {@code p} critiques against: those of the studios they share with
   *     the teacher, or the default five
   */
  private record Access(StudioStore.Recording recording, boolean summarises, List<String> rubric) {}

  /** The rubric of the studios {@code a} and {@code b} share, or the default one. */
  static List<String> rubricOf(List<String> shared) {
    return shared.isEmpty() ? Studios.DEFAULT_RUBRIC : shared;
  }

  /** Whether {@code p} may critique the recording, and write its summary. */
  private Future<Access> access(Principal p, UUID resourceId) {
    return db.read(
            c -> {
              StudioStore.Recording r =
                  store
                      .recording(c, resourceId)
                      .orElseThrow(
                          () -> Problem.notFound("recording-not-found", "no recorded lesson"));
              boolean colleague = store.colleagues(c, r.teacherId()).contains(p.userId());
              boolean lead =
                  store.leadsOf(c, r.teacherId()).contains(p.userId())
                      && !p.userId().equals(r.teacherId());
              return new Object[] {
                r, colleague, lead, rubricOf(store.sharedRubric(c, p.userId(), r.teacherId()))
              };
            })
        .compose(
            x -> {
              StudioStore.Recording r = (StudioStore.Recording) x[0];
              return sources
                  .people(List.of(r.teacherId()))
                  .map(
                      people -> {
                        Optional<UUID> group =
                            Optional.ofNullable(people.get(r.teacherId()))
                                .flatMap(StudioSources.Person::groupId);
                        boolean coordinator =
                            p.role() == Role.ADMIN
                                || (p.role() == Role.COORDINATOR
                                    && group.isPresent()
                                    && p.groupId().equals(group));
                        if (!(Boolean) x[1] && !coordinator) {
                          throw Problem.notFound("recording-not-found", "no recorded lesson");
                        }
                        @SuppressWarnings("unchecked")
                        List<String> rubric = (List<String>) x[3];
                        return new Access(r, (Boolean) x[2] || coordinator, rubric);
                      });
            });
  }

  Future<JsonObject> critiques(Principal viewer, UUID resourceId) {
    return access(viewer, resourceId)
        .compose(
            a ->
                db.read(
                        c ->
                            Map.entry(
                                store.critiques(c, resourceId),
                                Optional.ofNullable(store.summary(c, resourceId).orElse(null))))
                    .compose(
                        e -> {
                          Set<UUID> ids = new HashSet<>();
                          e.getKey().forEach(k -> ids.add(k.authorId()));
                          e.getValue().ifPresent(s -> ids.add(s.authorId()));
                          return sources
                              .people(ids)
                              .map(
                                  people -> {
                                    JsonArray items = new JsonArray();
                                    for (StudioStore.Critique k : e.getKey()) {
                                      items.add(
                                          new JsonObject()
                                              .put("id", k.id().toString())
                                              .put(
                                                  "author",
                                                  Studios.person(people.get(k.authorId())))
                                              .put("atSecond", k.atSecond())
                                              .put("criterion", k.criterion().orElse(null))
                                              .put("score", k.score().orElse(null))
                                              .put("body", k.body())
                                              .put("at", k.createdAt().toString()));
                                    }
                                    JsonObject scores = new JsonObject();
                                    java.util.LinkedHashSet<String> shown =
                                        new java.util.LinkedHashSet<>(a.rubric());
                                    e.getKey().forEach(k -> k.criterion().ifPresent(shown::add));
                                    for (String criterion : shown) {
                                      List<Integer> given = new ArrayList<>();
                                      e.getKey().stream()
                                          .filter(k -> k.criterion().equals(Optional.of(criterion)))
                                          .forEach(k -> k.score().ifPresent(given::add));
                                      scores.put(
                                          criterion,
                                          given.isEmpty()
                                              ? null
                                              : Math.round(
                                                      given.stream()
                                                              .mapToInt(Integer::intValue)
                                                              .average()
                                                              .orElse(0)
                                                          * 10)
                                                  / 10.0);
                                    }
                                    return new JsonObject()
                                        .put("resourceId", resourceId.toString())
                                        .put("sessionId", a.recording().sessionId().toString())
                                        .put("teacherId", a.recording().teacherId().toString())
                                        .put("rubric", new JsonArray(new ArrayList<>(a.rubric())))
                                        .put("items", items)
                                        .put("scores", scores)
                                        .put(
                                            "summary",
                                            e.getValue()
                                                .map(
                                                    s ->
                                                        new JsonObject()
                                                            .put(
                                                                "author",
                                                                Studios.person(
                                                                    people.get(s.authorId())))
                                                            .put("body", s.body())
                                                            .put("at", s.updatedAt().toString()))
                                                .orElse(null))
                                        .put("maySummarise", a.summarises());
                                  });
                        }));
  }

  Future<JsonObject> critique(Principal actor, UUID resourceId, JsonObject body) {
    for (String f : body.fieldNames()) {
      if (!Set.of("atSecond", "criterion", "score", "body").contains(f)) {
        throw Problem.invalid("unknown-field", "no field " + f);
      }
    }
    List<Problem.FieldError> errors = new ArrayList<>();
    String text = Studios.text(body, "body", 4000, true, errors);
    Integer at = body.getValue("atSecond") instanceof Integer v ? v : null;
    if (at == null || at < 0 || at > 86_400) {
      errors.add(new Problem.FieldError("atSecond", "bad-moment", "seconds into the video"));
    }
    Scored scored = Scored.read(body, errors);
    if (!errors.isEmpty()) {
      throw Problem.validation(errors);
    }
    return access(actor, resourceId)
        .compose(
            a ->
                db.transaction(
                    c -> {
                      scored.requireIn(a.rubric());
                      store.insert(
                          c,
                          resourceId,
                          new StudioStore.Critique(
                              UUID.randomUUID(),
                              actor.userId(),
                              at,
                              scored.criterion(),
                              scored.score(),
                              text,
                              Tx.now(clock)));
                      return null;
                    }))
        .compose(x -> critiques(actor, resourceId));
  }

  Future<JsonObject> summarise(Principal actor, UUID resourceId, JsonObject body) {
    List<Problem.FieldError> errors = new ArrayList<>();
    String text = Studios.text(body, "body", 8000, true, errors);
    if (!errors.isEmpty() || body.size() != 1) {
      throw Problem.validation(
          errors.isEmpty()
              ? List.of(new Problem.FieldError("body", "required", "only body"))
              : errors);
    }
    return access(actor, resourceId)
        .compose(
            a -> {
              if (!a.summarises()) {
                throw Problem.forbidden(
                    "forbidden", "a lead of the teacher's studio writes the summary");
              }
              return db.transaction(
                  c -> {
                    store.putSummary(
                        c,
                        resourceId,
                        new StudioStore.Summary(actor.userId(), text, Tx.now(clock)));
                    return null;
                  });
            })
        .compose(x -> critiques(actor, resourceId));
  }
}
