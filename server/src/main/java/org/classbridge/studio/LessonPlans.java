package org.classbridge.studio;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.common.Problem;
import org.classbridge.identity.Principal;
import org.classbridge.sql.Database;
import org.classbridge.sql.Tx;

/**
 * Co-preparation (集体备课): a studio's lesson plans. Members (and the lead) write; every save is a new
 * version on top of the one the writer read, so two teachers editing at once never overwrite each
 * other: the second is told (409 edit-conflict, with the version that won) and merges. Comments
 * point at one paragraph of one part of a version and thread by reply. The lead or the teacher who
 * will teach it makes a version final; it is then published to the repository as a lesson plan and
 * no longer edited.
 */
final class LessonPlans {
  /** Versions a plan may reach (a save every minute for a week of work is far below it). */
  static final int MAX_VERSIONS = 2000;

  private final Database db;
  private final StudioStore store;
  private final Studios studios;
  private final StudioSources sources;
  private final Clock clock;

  LessonPlans(Database db, StudioStore store, Studios studios, StudioSources sources, Clock clock) {
    this.db = db;
    this.store = store;
    this.studios = studios;
    this.sources = sources;
    this.clock = clock;
  }

  /** Writers of a studio's plans: its lead and members (not coordinators who only look in). */
  private boolean writes(Tx c, Principal p, StudioStore.Studio s) throws java.sql.SQLException {
    return s.leadId().equals(p.userId()) || store.isMember(c, s.id(), p.userId());
  }

  private record Found(StudioStore.Studio studio, StudioStore.Plan plan) {}

  private Found found(Tx c, Principal p, UUID planId) throws java.sql.SQLException {
    StudioStore.Plan plan =
        store
            .plan(c, planId)
            .orElseThrow(() -> Problem.notFound("plan-not-found", "no lesson plan " + planId));
    StudioStore.Studio s = store.studio(c, plan.studioId()).orElseThrow();
    if (!studios.sees(c, p, s)) {
      throw Problem.notFound("plan-not-found", "no lesson plan " + planId);
    }
    return new Found(s, plan);
  }

  Future<JsonObject> create(Principal actor, UUID studioId, JsonObject body) {
    Set<String> known = Set.of("title", "titleBo", "teacherId", "grade", "nodeId", "content");
    for (String f : body.fieldNames()) {
      if (!known.contains(f)) {
        throw Problem.invalid("unknown-field", "no field " + f);
      }
    }
    List<Problem.FieldError> errors = new ArrayList<>();
    String title = Studios.text(body, "title", 200, true, errors);
    String titleBo = Studios.text(body, "titleBo", 200, false, errors);
    UUID teacher = Studios.uuid(body, "teacherId", Optional.of(actor.userId()), errors);
    Optional<UUID> node =
        body.containsKey("nodeId")
            ? Optional.ofNullable(Studios.uuid(body, "nodeId", Optional.empty(), errors))
            : Optional.empty();
    Optional<Integer> grade = Optional.empty();
    if (body.containsKey("grade")) {
      if (body.getValue("grade") instanceof Integer g && g >= 1 && g <= 12) {
        grade = Optional.of(g);
      } else {
        errors.add(new Problem.FieldError("grade", "bad-grade", "1 to 12"));
      }
    }
    if (!errors.isEmpty()) {
      throw Problem.validation(errors);
    }
    PlanContent content =
        body.containsKey("content")
            ? PlanContent.parse(body.getValue("content"))
            : PlanContent.empty();
    Optional<Integer> g = grade;
    return db.read(c -> studios.visible(c, actor, studioId))
        .compose(
            s ->
                studios
                    .teacherOf(s.groupId(), teacher, "teacherId")
                    .compose(
                        t ->
                            db.transaction(
                                c -> {
                                  if (!writes(c, actor, s)) {
                                    throw Problem.forbidden(
                                        "forbidden", "the studio's members prepare its lessons");
                                  }
                                  if (!t.id().equals(s.leadId())
                                      && !store.isMember(c, s.id(), t.id())) {
                                    throw Problem.validation(
                                        List.of(
                                            new Problem.FieldError(
                                                "teacherId",
                                                "not-a-member",
                                                "the teacher is not in the studio")));
                                  }
                                  StudioStore.Plan p =
                                      new StudioStore.Plan(
                                          UUID.randomUUID(),
                                          s.id(),
                                          title,
                                          Optional.ofNullable(titleBo),
                                          t.id(),
                                          g,
                                          node,
                                          1,
                                          Optional.empty(),
                                          Optional.empty(),
                                          actor.userId(),
                                          Tx.now(clock));
                                  store.insert(c, p, content);
                                  return p.id();
                                })))
        .compose(id -> read(actor, id, Optional.empty()));
  }

  /** A studio's plans (without their content). */
  Future<JsonObject> list(Principal viewer, UUID studioId) {
    return db.read(
            c -> {
              StudioStore.Studio s = studios.visible(c, viewer, studioId);
              return store.plans(c, s.id());
            })
        .compose(
            plans -> {
              Set<UUID> ids = new HashSet<>();
              plans.forEach(p -> ids.add(p.teacherId()));
              return sources
                  .people(ids)
                  .map(
                      people -> {
                        JsonArray items = new JsonArray();
                        plans.forEach(p -> items.add(head(p, people)));
                        return new JsonObject().put("items", items);
                      });
            });
  }

  private static JsonObject head(StudioStore.Plan p, Map<UUID, StudioSources.Person> people) {
    return new JsonObject()
        .put("id", p.id().toString())
        .put("studioId", p.studioId().toString())
        .put("title", p.title())
        .put("titleBo", p.titleBo().orElse(null))
        .put("teacher", Studios.person(people.get(p.teacherId())))
        .put("grade", p.grade().orElse(null))
        .put("nodeId", p.nodeId().map(UUID::toString).orElse(null))
        .put("latest", p.latest())
        .put("finalVersion", p.finalVersion().orElse(null))
        .put("resourceId", p.resourceId().map(UUID::toString).orElse(null));
  }

  /** A plan at a version (the latest by default), its history and every comment. */
  Future<JsonObject> read(Principal viewer, UUID planId, Optional<Integer> at) {
    return db.read(
            c -> {
              Found f = found(c, viewer, planId);
              int n = at.orElse(f.plan().latest());
              StudioStore.Version v =
                  store
                      .version(c, planId, n)
                      .orElseThrow(() -> Problem.notFound("version-not-found", "no version " + n));
              return new Object[] {
                f,
                v,
                store.history(c, planId),
                store.comments(c, planId),
                writes(c, viewer, f.studio())
              };
            })
        .compose(
            r -> {
              Found f = (Found) r[0];
              StudioStore.Version v = (StudioStore.Version) r[1];
              @SuppressWarnings("unchecked")
              List<StudioStore.Version> history = (List<StudioStore.Version>) r[2];
              @SuppressWarnings("unchecked")
              List<StudioStore.Comment> comments = (List<StudioStore.Comment>) r[3];
              Set<UUID> ids = new HashSet<>();
              ids.add(f.plan().teacherId());
              history.forEach(h -> ids.add(h.authorId()));
              comments.forEach(k -> ids.add(k.authorId()));
              return sources
                  .people(ids)
                  .map(
                      people -> {
                        JsonArray versions = new JsonArray();
                        history.forEach(
                            h ->
                                versions.add(
                                    new JsonObject()
                                        .put("number", h.number())
                                        .put("author", Studios.person(people.get(h.authorId())))
                                        .put("at", h.createdAt().toString())
                                        .put("note", h.note().orElse(null))));
                        JsonArray notes = new JsonArray();
                        comments.forEach(k -> notes.add(comment(k, people)));
                        boolean writer = (Boolean) r[4];
                        boolean open = f.plan().finalVersion().isEmpty();
                        return head(f.plan(), people)
                            .put("studio", f.studio().name())
                            .put("subject", f.studio().subject().toJson())
                            .put("version", v.number())
                            .put("content", v.content().toJson())
                            .put("versions", versions)
                            .put("comments", notes)
                            .put("mayEdit", writer && open)
                            .put("mayFinalise", open && mayFinalise(viewer, f));
                      });
            });
  }

  private static boolean mayFinalise(Principal p, Found f) {
    return f.studio().leadId().equals(p.userId()) || f.plan().teacherId().equals(p.userId());
  }

  private static JsonObject comment(StudioStore.Comment k, Map<UUID, StudioSources.Person> people) {
    return new JsonObject()
        .put("id", k.id().toString())
        .put("version", k.version())
        .put("section", k.section().id)
        .put("lang", k.lang().id)
        .put("paragraph", k.paragraph())
        .put("parentId", k.parentId().map(UUID::toString).orElse(null))
        .put("author", Studios.person(people.get(k.authorId())))
        .put("body", k.body())
        .put("at", k.createdAt().toString())
        .put("resolved", k.resolvedAt().isPresent());
  }

  /** Saves a new version on top of {@code baseVersion}; 409 when someone saved first. */
  Future<JsonObject> save(Principal actor, UUID planId, JsonObject body) {
    for (String f : body.fieldNames()) {
      if (!Set.of("baseVersion", "content", "note").contains(f)) {
        throw Problem.invalid("unknown-field", "no field " + f);
      }
    }
    if (!(body.getValue("baseVersion") instanceof Integer base)) {
      throw Problem.validation(
          List.of(new Problem.FieldError("baseVersion", "required", "the version edited")));
    }
    PlanContent content = PlanContent.parse(body.getValue("content"));
    List<Problem.FieldError> errors = new ArrayList<>();
    String note = Studios.text(body, "note", 400, false, errors);
    if (!errors.isEmpty()) {
      throw Problem.validation(errors);
    }
    return db.transaction(
            c -> {
              Found f = found(c, actor, planId);
              if (!writes(c, actor, f.studio())) {
                throw Problem.forbidden("forbidden", "the studio's members edit its plans");
              }
              if (f.plan().finalVersion().isPresent()) {
                throw Problem.conflict("plan-final", "the plan is final and published");
              }
              if (base >= MAX_VERSIONS) {
                throw Problem.invalid("too-many-versions", "a plan keeps " + MAX_VERSIONS);
              }
              if (base != f.plan().latest() || store.advance(c, planId, base + 1) == 0) {
                throw Problem.conflict(
                        "edit-conflict",
                        "someone saved version " + f.plan().latest() + " since you opened it")
                    .with("latest", f.plan().latest());
              }
              store.insertVersion(
                  c,
                  planId,
                  base + 1,
                  content,
                  Optional.ofNullable(note),
                  actor.userId(),
                  Tx.now(clock));
              return base + 1;
            })
        .compose(n -> read(actor, planId, Optional.of(n)));
  }

  /** A comment on a paragraph of a version, or a reply to one (any who see the studio). */
  Future<JsonObject> comment(Principal actor, UUID planId, JsonObject body) {
    for (String f : body.fieldNames()) {
      if (!Set.of("version", "section", "lang", "paragraph", "parentId", "body").contains(f)) {
        throw Problem.invalid("unknown-field", "no field " + f);
      }
    }
    List<Problem.FieldError> errors = new ArrayList<>();
    String text = Studios.text(body, "body", 4000, true, errors);
    PlanContent.Section section =
        body.getValue("section") instanceof String s ? PlanContent.Section.of(s) : null;
    if (section == null) {
      errors.add(new Problem.FieldError("section", "bad-section", "a part of the plan"));
    }
    PlanContent.Lang lang =
        body.getValue("lang") instanceof String s ? PlanContent.Lang.of(s) : PlanContent.Lang.ZH;
    if (lang == null) {
      errors.add(new Problem.FieldError("lang", "bad-lang", "zh or bo"));
    }
    Integer version = body.getValue("version") instanceof Integer v ? v : null;
    Integer paragraph = body.getValue("paragraph") instanceof Integer v ? v : null;
    if (version == null) {
      errors.add(new Problem.FieldError("version", "required", "the version commented on"));
    }
    if (paragraph == null || paragraph < 0) {
      errors.add(new Problem.FieldError("paragraph", "required", "the paragraph, from 0"));
    }
    Optional<UUID> parent =
        body.containsKey("parentId")
            ? Optional.ofNullable(Studios.uuid(body, "parentId", Optional.empty(), errors))
            : Optional.empty();
    if (!errors.isEmpty()) {
      throw Problem.validation(errors);
    }
    return db.transaction(
            c -> {
              found(c, actor, planId);
              StudioStore.Version v =
                  store
                      .version(c, planId, version)
                      .orElseThrow(
                          () -> Problem.notFound("version-not-found", "no version " + version));
              if (paragraph >= v.content().paragraphs(section, lang).size()) {
                throw Problem.validation(
                    List.of(
                        new Problem.FieldError(
                            "paragraph", "no-paragraph", "that part has no such paragraph")));
              }
              // a reply joins its thread: a reply to a reply hangs under the thread's first comment
              Optional<UUID> thread = Optional.empty();
              if (parent.isPresent()) {
                StudioStore.Comment to =
                    store.comments(c, planId).stream()
                        .filter(k -> k.id().equals(parent.get()))
                        .findFirst()
                        .orElseThrow(
                            () ->
                                Problem.validation(
                                    List.of(
                                        new Problem.FieldError(
                                            "parentId", "no-comment", "no such comment"))));
                thread = Optional.of(to.parentId().orElse(to.id()));
              }
              store.insert(
                  c,
                  planId,
                  new StudioStore.Comment(
                      UUID.randomUUID(),
                      version,
                      section,
                      lang,
                      paragraph,
                      thread,
                      actor.userId(),
                      text,
                      Tx.now(clock),
                      Optional.empty()));
              return null;
            })
        .compose(x -> read(actor, planId, Optional.of(version)));
  }

  /** Marks a comment dealt with: its author, the plan's teacher or the lead. */
  Future<JsonObject> resolve(Principal actor, UUID planId, UUID commentId) {
    return db.transaction(
            c -> {
              Found f = found(c, actor, planId);
              StudioStore.Comment k =
                  store.comments(c, planId).stream()
                      .filter(x -> x.id().equals(commentId))
                      .findFirst()
                      .orElseThrow(() -> Problem.notFound("comment-not-found", "no such comment"));
              if (!k.authorId().equals(actor.userId()) && !mayFinalise(actor, f)) {
                throw Problem.forbidden(
                    "forbidden", "the comment's author, the plan's teacher or the lead resolve it");
              }
              store.resolve(c, planId, commentId, Tx.now(clock));
              return k.version();
            })
        .compose(v -> read(actor, planId, Optional.of(v)));
  }

  /**
   * Makes a version final and publishes it to the repository as a lesson plan of the actor's school
   * (the lead, or the teacher who teaches it). Marked first so no second publication can start; if
   * publishing fails the mark is undone and nothing is left half done.
   */
  Future<JsonObject> finalise(Principal actor, UUID planId, JsonObject body) {
    if (!(body.getValue("version") instanceof Integer version) || body.size() != 1) {
      throw Problem.validation(
          List.of(new Problem.FieldError("version", "required", "the version to make final")));
    }
    return db.transaction(
            c -> {
              Found f = found(c, actor, planId);
              if (!mayFinalise(actor, f)) {
                throw Problem.forbidden(
                    "forbidden", "the studio's lead or the plan's teacher makes it final");
              }
              if (f.plan().finalVersion().isPresent()) {
                throw Problem.conflict("plan-final", "the plan is already final");
              }
              StudioStore.Version v =
                  store
                      .version(c, planId, version)
                      .orElseThrow(
                          () -> Problem.notFound("version-not-found", "no version " + version));
              if (store.markFinal(c, planId, version) == 0) {
                throw Problem.conflict("plan-final", "the plan is already final");
              }
              return new Object[] {f, v};
            })
        .compose(
            r -> {
              Found f = (Found) r[0];
              StudioStore.Version v = (StudioStore.Version) r[1];
              String text = v.content().render(f.plan().title());
              return sources
                  .publishLessonPlan(
                      actor,
                      f.plan().title(),
                      f.plan().titleBo(),
                      f.studio().subject(),
                      f.studio().stage(),
                      f.plan().grade(),
                      f.plan().nodeId(),
                      text)
                  .compose(
                      resource ->
                          db.transaction(
                              c -> {
                                store.published(c, planId, resource);
                                return resource;
                              }))
                  .recover(
                      e ->
                          db.transaction(
                                  c -> {
                                    store.unmarkFinal(c, planId);
                                    return null;
                                  })
                              .compose(x -> Future.failedFuture(e)));
            })
        .compose(resource -> read(actor, planId, Optional.empty()));
  }
}
