package org.classbridge.catalogue;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.audit.AuditLog;
import org.classbridge.common.Problem;
import org.classbridge.common.Subject;
import org.classbridge.common.Validation;
import org.classbridge.common.Wire;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.sql.ChangeLog;
import org.classbridge.sql.Database;
import org.classbridge.sql.Tx;

/**
 * The repository's resources. Teachers create and edit in their school; the group's coordinator
 * publishes to the group (or to everyone); pupils see what is published to their group or public.
 * Drafts and archived resources are invisible to pupils, and everything outside a viewer's reach
 * answers "not found", so guessing another group's ids reveals nothing.
 *
 * <p>Every change is a numbered entry of the change log's {@code catalogue} topic, written in the
 * same transaction and announced on the EventBus after commit: the search index and the media
 * pipeline follow that sequence, so a node that was down catches up.
 */
public final class Catalogue {
  /** The change-log topic of the catalogue. */
  public static final String TOPIC = "catalogue";

  static final int MAX_PAGE = 100;

  private final Database db;
  private final CatalogueStore store;
  private final ChangeLog changes;
  private final AuditLog audit;
  private final Clock clock;

  Catalogue(Database db, CatalogueStore store, ChangeLog changes, AuditLog audit, Clock clock) {
    this.db = db;
    this.store = store;
    this.changes = changes;
    this.audit = audit;
    this.clock = clock;
  }

  // --- who may do what

  static boolean canSee(Principal p, Resource r) {
    if (p.role() == Role.ADMIN) {
      return true;
    }
    boolean ownGroup = p.groupId().map(r.groupId()::equals).orElse(false);
    if (r.status() == ResourceStatus.PUBLISHED) {
      return ownGroup || r.visibility() == Visibility.PUBLIC;
    }
    // drafts and archived ones: the school's teachers and the group's coordinator
    return switch (p.role()) {
      case COORDINATOR -> ownGroup;
      case TEACHER -> p.schoolId().map(r.schoolId()::equals).orElse(false);
      default -> false;
    };
  }

  static boolean canEdit(Principal p, Resource r) {
    return switch (p.role()) {
      case ADMIN -> true;
      case COORDINATOR -> p.groupId().map(r.groupId()::equals).orElse(false);
      case TEACHER -> p.schoolId().map(r.schoolId()::equals).orElse(false);
      case STUDENT -> false;
    };
  }

  static boolean canPublish(Principal p, Resource r) {
    return p.role() == Role.ADMIN
        || (p.role() == Role.COORDINATOR && p.groupId().map(r.groupId()::equals).orElse(false));
  }

  private static Problem missing(UUID id) {
    return Problem.notFound("resource-not-found", "no resource " + id);
  }

  /** The resource if the viewer may see it; otherwise not found. */
  Resource visible(Tx c, Principal viewer, UUID id, boolean lock) throws SQLException {
    return store
        .resource(c, id, lock)
        .filter(r -> canSee(viewer, r))
        .orElseThrow(() -> missing(id));
  }

  Resource editable(Tx c, Principal actor, UUID id) throws SQLException {
    Resource r = visible(c, actor, id, true);
    if (!canEdit(actor, r)) {
      throw Problem.forbidden("forbidden", "the resource's school's teachers edit it");
    }
    return r;
  }

  // --- reading

  public Future<Resource> resource(Principal viewer, UUID id) {
    return db.read(c -> visible(c, viewer, id, false));
  }

  /** The resource, if {@code actor} may change it (its school's teachers, its coordinators). */
  public Future<Resource> editableResource(Principal actor, UUID id) {
    return db.read(c -> editable(c, actor, id));
  }

  public Future<List<Resource.ResourceFile>> versions(Principal viewer, UUID id) {
    return db.read(
        c -> {
          visible(c, viewer, id, false);
          return store.files(c, id);
        });
  }

  // --- for followers of the change log (the search index): no viewer, every resource

  /** The index records of these resources; ids that no longer exist are absent. */
  public Future<List<IndexRecord>> indexRecords(List<UUID> ids) {
    return db.read(c -> withPaths(c, store.indexable(c, ids)));
  }

  /** Up to {@code limit} index records in id order after {@code after}: a full rebuild's pages. */
  public Future<List<IndexRecord>> indexPage(Optional<UUID> after, int limit) {
    return db.read(c -> withPaths(c, store.indexablePage(c, after, limit)));
  }

  /** Distinct viewers per resource, for resources anybody played. */
  public Future<Map<UUID, Long>> views() {
    return db.read(
        c -> {
          Map<UUID, Long> out = new HashMap<>();
          store.views(c).forEach(e -> out.put(e.getKey(), e.getValue()));
          return out;
        });
  }

  private List<IndexRecord> withPaths(Tx c, List<CatalogueStore.Indexable> rows)
      throws SQLException {
    Map<UUID, Optional<CurriculumNode>> nodes = new HashMap<>();
    List<IndexRecord> out = new ArrayList<>(rows.size());
    for (CatalogueStore.Indexable row : rows) {
      List<CurriculumNode> path = new ArrayList<>();
      Optional<UUID> next = row.resource().nodeId();
      // a section's parent is its chapter; the tree is two levels deep, the bound is a guard
      for (int depth = 0; next.isPresent() && depth < 8; depth++) {
        UUID id = next.get();
        Optional<CurriculumNode> node = nodes.get(id);
        if (node == null) {
          node = store.node(c, id);
          nodes.put(id, node);
        }
        if (node.isEmpty()) {
          break;
        }
        path.add(0, node.get());
        next = node.get().parentId();
      }
      out.add(
          new IndexRecord(
              row.resource(),
              row.teacherName(),
              row.schoolName(),
              row.publishedAt(),
              path,
              row.views()));
    }
    return out;
  }

  /** A page of what the viewer may see, newest first. */
  public Future<List<Resource>> list(Principal viewer, ResourceFilter filter, int page, int size) {
    int limit = Math.min(Math.max(size, 1), MAX_PAGE);
    int offset = Math.max(page - 1, 0) * limit;
    return db.read(
        c -> {
          // read a little more than the page: rows the viewer may not see are dropped after
          List<Resource> out = new ArrayList<>();
          int from = 0;
          int chunk = limit * 4;
          int skipped = 0;
          while (out.size() < limit) {
            List<Resource> rows = store.list(c, viewer.groupId(), filter, chunk, from);
            for (Resource r : rows) {
              if (!canSee(viewer, r)) {
                continue;
              }
              if (skipped < offset) {
                skipped++;
              } else if (out.size() < limit) {
                out.add(r);
              }
            }
            if (rows.size() < chunk) {
              break;
            }
            from += chunk;
          }
          return out;
        });
  }

  // --- writing

  private static final Set<String> FIELDS =
      Set.of(
          "kind",
          "title",
          "titleBo",
          "description",
          "descriptionBo",
          "languages",
          "licence",
          "stage",
          "grade",
          "subject",
          "edition",
          "volume",
          "chapter",
          "visibility",
          "durationSeconds",
          "nodeId");

  /** Reads metadata from a body (a new resource's, or a merge patch over the current one's). */
  private static Resource read(JsonObject body, Resource base) {
    Validation v = new Validation();
    for (String f : body.fieldNames()) {
      if (!FIELDS.contains(f)) {
        v.error(f, "unknown-field", "is not a member of a resource (or cannot be changed here)");
      }
    }
    ResourceKind kind =
        body.containsKey("kind")
            ? v.oneOf("kind", str(body, "kind", v), ResourceKind.class)
            : base.kind();
    String title =
        body.containsKey("title") ? v.text("title", str(body, "title", v), 200) : base.title();
    Optional<String> titleBo = optional(body, "titleBo", 200, v, base.titleBo());
    Optional<String> description = optional(body, "description", 4000, v, base.description());
    Optional<String> descriptionBo = optional(body, "descriptionBo", 4000, v, base.descriptionBo());
    List<String> languages = base.languages();
    if (body.containsKey("languages")) {
      Object raw = body.getValue("languages");
      List<String> read = new ArrayList<>();
      if (raw instanceof JsonArray a && !a.isEmpty() && a.size() <= 3) {
        for (Object o : a) {
          if (o instanceof String s && Set.of("zh", "bo", "en").contains(s) && !read.contains(s)) {
            read.add(s);
          } else {
            v.error("languages", "not-allowed", "languages are distinct zh, bo or en");
          }
        }
      } else {
        v.error("languages", "not-allowed", "one to three of zh, bo, en");
      }
      languages = read;
    }
    String licence =
        body.containsKey("licence")
            ? v.text("licence", str(body, "licence", v), 60)
            : base.licence();
    Stage stage =
        body.containsKey("stage")
            ? v.oneOf("stage", str(body, "stage", v), Stage.class)
            : base.stage();
    Optional<Integer> grade = base.grade();
    if (body.containsKey("grade")) {
      Object raw = body.getValue("grade");
      grade =
          raw == null
              ? Optional.empty()
              : Optional.ofNullable(v.intIn("grade", raw instanceof Integer i ? i : -1, 1, 12));
    }
    Subject subject =
        body.containsKey("subject")
            ? v.oneOf("subject", str(body, "subject", v), Subject.class)
            : base.subject();
    Optional<String> edition = optional(body, "edition", 60, v, base.edition());
    Optional<String> volume = optional(body, "volume", 30, v, base.volume());
    Optional<String> chapter = optional(body, "chapter", 200, v, base.chapter());
    Visibility visibility =
        body.containsKey("visibility")
            ? v.oneOf("visibility", str(body, "visibility", v), Visibility.class)
            : base.visibility();
    Optional<Integer> duration = base.durationSeconds();
    if (body.containsKey("durationSeconds")) {
      Object raw = body.getValue("durationSeconds");
      duration =
          raw == null
              ? Optional.empty()
              : Optional.ofNullable(
                  v.intIn("durationSeconds", raw instanceof Integer i ? i : -1, 1, 24 * 3600));
    }
    Optional<UUID> nodeId = base.nodeId();
    if (body.containsKey("nodeId")) {
      String raw = str(body, "nodeId", v);
      nodeId = raw == null ? Optional.empty() : Optional.ofNullable(v.uuid("nodeId", raw));
    }
    v.orThrow();
    return new Resource(
        base.id(),
        base.groupId(),
        base.schoolId(),
        base.teacherId(),
        kind,
        title,
        titleBo,
        description,
        descriptionBo,
        languages,
        licence,
        stage,
        grade,
        subject,
        edition,
        volume,
        chapter,
        base.status(),
        visibility,
        duration,
        base.file(),
        base.createdAt(),
        nodeId,
        base.version());
  }

  private static String str(JsonObject body, String field, Validation v) {
    Object o = body.getValue(field);
    if (o == null || o instanceof String) {
      return (String) o;
    }
    v.error(field, "not-text", "must be text");
    return null;
  }

  private static Optional<String> optional(
      JsonObject body, String field, int max, Validation v, Optional<String> otherwise) {
    if (!body.containsKey(field)) {
      return otherwise;
    }
    String s = str(body, field, v);
    if (s == null || s.isBlank()) {
      return Optional.empty();
    }
    return Optional.ofNullable(v.text(field, s, max));
  }

  private void announce(Tx c, String kind, Resource r) throws SQLException {
    changes.append(
        c,
        TOPIC,
        kind,
        r.id().toString(),
        new JsonObject()
            .put("resourceId", r.id().toString())
            .put("groupId", r.groupId().toString())
            .put("status", Wire.id(r.status()))
            .put("visibility", Wire.id(r.visibility())));
  }

  /** A new draft in the author's school. */
  public Future<Resource> create(Principal actor, JsonObject body) {
    if (actor.schoolId().isEmpty() || actor.groupId().isEmpty()) {
      throw Problem.forbidden("forbidden", "resources belong to a school: sign in as its teacher");
    }
    for (String required : List.of("kind", "title", "stage", "subject")) {
      if (!body.containsKey(required)) {
        throw Problem.validation(
            List.of(new Problem.FieldError(required, "required", "is required")));
      }
    }
    Resource blank =
        new Resource(
            UUID.randomUUID(),
            actor.groupId().get(),
            actor.schoolId().get(),
            actor.userId(),
            ResourceKind.LESSON_VIDEO,
            "-",
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            List.of("zh"),
            "CC BY-NC-SA 4.0",
            Stage.JUNIOR,
            Optional.empty(),
            Subject.MATHS,
            Optional.empty(),
            Optional.empty(),
            Optional.empty(),
            ResourceStatus.DRAFT,
            Visibility.GROUP,
            Optional.empty(),
            Optional.empty(),
            Tx.now(clock),
            Optional.empty(),
            0);
    Resource r = read(body, blank);
    return db.transaction(
        c -> {
          checkNode(c, r);
          store.insert(c, r);
          audit.record(c, actor, "resource.created", "resource", r.id(), r.groupId(), r.toJson());
          announce(c, "created", r);
          return r;
        });
  }

  /** Changes metadata (a JSON Merge Patch over the version read). */
  public Future<Resource> update(Principal actor, UUID id, int readVersion, JsonObject patch) {
    return db.transaction(
        c -> {
          Resource current = editable(c, actor, id);
          if (current.version() != readVersion) {
            throw stale(current);
          }
          Resource next = read(patch, current);
          checkNode(c, next);
          if (store.update(c, next, readVersion, Tx.now(clock)) != 1) {
            throw stale(current);
          }
          Resource saved = store.resource(c, id, false).orElseThrow();
          audit.record(
              c,
              actor,
              "resource.updated",
              "resource",
              id,
              saved.groupId(),
              AuditLog.diff(current.toJson(), saved.toJson()));
          announce(c, "changed", saved);
          return saved;
        });
  }

  /** A resource placed on the curriculum tree names a node that exists. */
  private void checkNode(Tx c, Resource r) throws SQLException {
    if (r.nodeId().isPresent() && store.node(c, r.nodeId().get()).isEmpty()) {
      throw Problem.validation(
          List.of(new Problem.FieldError("nodeId", "unknown-node", "no such chapter or section")));
    }
  }

  // --- the curriculum tree

  /** The tree's nodes for a subject and grade (or all), chapters before their sections. */
  public Future<List<CurriculumNode>> curriculum(
      Optional<Subject> subject, Optional<Integer> grade) {
    return db.read(c -> store.nodes(c, subject, grade));
  }

  /** Loads a curriculum tree (the demo's) unless one is there already; returns nodes made. */
  public Future<Integer> loadCurriculum(JsonObject tree) {
    return db.transaction(
        c -> {
          if (store.countNodes(c) > 0) {
            return 0;
          }
          String edition = tree.getString("edition");
          List<CurriculumNode> nodes = new ArrayList<>();
          for (Object o : tree.getJsonArray("trees")) {
            JsonObject t = (JsonObject) o;
            Subject subject = Wire.require(Subject.class, t.getString("subject"));
            Stage stage = Wire.require(Stage.class, t.getString("stage"));
            int grade = t.getInteger("grade");
            String volume = t.getString("volume");
            int order = 0;
            for (Object ch : t.getJsonArray("chapters")) {
              JsonObject chapter = (JsonObject) ch;
              UUID id = UUID.randomUUID();
              nodes.add(
                  new CurriculumNode(
                      id,
                      edition,
                      subject,
                      stage,
                      grade,
                      volume,
                      Optional.empty(),
                      order++,
                      chapter.getString("title"),
                      Optional.ofNullable(chapter.getString("titleBo"))));
              int sectionOrder = 0;
              for (Object se : chapter.getJsonArray("sections", new JsonArray())) {
                JsonObject section = (JsonObject) se;
                nodes.add(
                    new CurriculumNode(
                        UUID.randomUUID(),
                        edition,
                        subject,
                        stage,
                        grade,
                        volume,
                        Optional.of(id),
                        sectionOrder++,
                        section.getString("title"),
                        Optional.ofNullable(section.getString("titleBo"))));
              }
            }
          }
          store.insertNodes(c, nodes);
          return nodes.size();
        });
  }

  private static Problem stale(Resource current) {
    return Problem.of(
        Problem.Kind.PRECONDITION_FAILED,
        "version-mismatch",
        "the resource changed since you read it (version " + current.version() + "); reload it");
  }

  /**
   * Publishes (to the group or, with visibility public, everyone), archives, or takes back to
   * draft. Only the group's coordinator or an admin; a resource without a file cannot be published.
   */
  public Future<Resource> setStatus(
      Principal actor, UUID id, int readVersion, ResourceStatus status, Optional<Visibility> to) {
    return db.transaction(
        c -> {
          Resource current = visible(c, actor, id, true);
          if (!canPublish(actor, current)) {
            throw Problem.forbidden("forbidden", "the group's coordinator publishes resources");
          }
          if (current.version() != readVersion) {
            throw stale(current);
          }
          if (status == ResourceStatus.PUBLISHED
              && current.kind() == ResourceKind.COURSE
              && store.courseLessons(c, id).isEmpty()) {
            throw Problem.conflict(
                "no-lessons", "give the course its lessons before publishing it");
          }
          if (status == ResourceStatus.PUBLISHED
              && current.kind() != ResourceKind.COURSE
              && current.file().isEmpty()) {
            throw Problem.conflict("no-file", "upload the resource's file before publishing it");
          }
          Resource next =
              new Resource(
                  current.id(),
                  current.groupId(),
                  current.schoolId(),
                  current.teacherId(),
                  current.kind(),
                  current.title(),
                  current.titleBo(),
                  current.description(),
                  current.descriptionBo(),
                  current.languages(),
                  current.licence(),
                  current.stage(),
                  current.grade(),
                  current.subject(),
                  current.edition(),
                  current.volume(),
                  current.chapter(),
                  status,
                  to.orElse(current.visibility()),
                  current.durationSeconds(),
                  current.file(),
                  current.createdAt(),
                  current.nodeId(),
                  current.version());
          store.update(c, next, readVersion, Tx.now(clock));
          Resource saved = store.resource(c, id, false).orElseThrow();
          audit.record(
              c,
              actor,
              "resource." + Wire.id(status),
              "resource",
              id,
              saved.groupId(),
              AuditLog.diff(current.toJson(), saved.toJson()));
          announce(c, Wire.id(status), saved);
          return saved;
        });
  }

  /** Most lessons one course holds. */
  static final int MAX_LESSONS = 100;

  /**
   * Sets a course's lessons, in order: resources the editor can see, none a course itself, none
   * twice. Replaces the whole list (PUT).
   */
  public Future<List<Resource>> setLessons(Principal actor, UUID courseId, JsonObject body) {
    Validation v = new Validation();
    for (String f : body.fieldNames()) {
      if (!f.equals("lessons")) {
        v.error(f, "unknown-field", "only lessons");
      }
    }
    List<UUID> ids = new ArrayList<>();
    Object raw = body.getValue("lessons");
    if (!(raw instanceof JsonArray a)) {
      v.error("lessons", "required", "a list of lesson ids");
    } else if (a.size() > MAX_LESSONS) {
      v.error("lessons", "out-of-range", "at most " + MAX_LESSONS + " lessons");
    } else {
      for (int i = 0; i < a.size(); i++) {
        UUID id = v.uuid("lessons[" + i + "]", a.getValue(i) instanceof String s ? s : null);
        if (id != null && ids.contains(id)) {
          v.error("lessons[" + i + "]", "duplicate", "is named twice");
        } else if (id != null) {
          ids.add(id);
        }
      }
    }
    v.orThrow();
    return db.transaction(
        c -> {
          Resource course = editable(c, actor, courseId);
          if (course.kind() != ResourceKind.COURSE) {
            throw Problem.conflict("not-a-course", "only a course has lessons");
          }
          List<Resource> lessons = new ArrayList<>();
          Validation w = new Validation();
          for (int i = 0; i < ids.size(); i++) {
            java.util.Optional<Resource> r =
                store.resource(c, ids.get(i), false).filter(x -> canSee(actor, x));
            if (r.isEmpty()) {
              w.error("lessons[" + i + "]", "unknown-resource", "no such resource");
            } else if (r.get().kind() == ResourceKind.COURSE) {
              w.error("lessons[" + i + "]", "course-in-course", "a course is not a lesson");
            } else {
              lessons.add(r.get());
            }
          }
          w.orThrow();
          store.replaceCourseLessons(c, courseId, ids);
          audit.record(
              c,
              actor,
              "course.lessons",
              "resource",
              courseId,
              course.groupId(),
              new JsonObject().put("lessons", ids.size()));
          announce(c, "changed", store.resource(c, courseId, false).orElseThrow());
          return lessons;
        });
  }

  /** A course's lessons in order, those the viewer may see. */
  public Future<List<Resource>> lessons(Principal viewer, UUID courseId) {
    return db.read(
        c -> {
          Resource course = visible(c, viewer, courseId, false);
          if (course.kind() != ResourceKind.COURSE) {
            throw Problem.conflict("not-a-course", "only a course has lessons");
          }
          List<Resource> out = new ArrayList<>();
          for (UUID id : store.courseLessons(c, courseId)) {
            store.resource(c, id, false).filter(r -> canSee(viewer, r)).ifPresent(out::add);
          }
          return out;
        });
  }

  /** Records a new file version (from a completed upload), in the upload's transaction. */
  Resource attachFile(Tx c, UUID resourceId, Resource.ResourceFile file, Principal by)
      throws SQLException {
    Resource current = store.resource(c, resourceId, true).orElseThrow(() -> missing(resourceId));
    int next = current.file().map(f -> f.version() + 1).orElse(1);
    Resource.ResourceFile versioned =
        new Resource.ResourceFile(
            next, file.sha256(), file.size(), file.contentType(), file.fileName());
    store.attachFile(c, resourceId, versioned, by.userId(), Tx.now(clock));
    Resource saved = store.resource(c, resourceId, false).orElseThrow();
    audit.record(
        c,
        by,
        "resource.file",
        "resource",
        resourceId,
        saved.groupId(),
        new JsonObject()
            .put("fileVersion", next)
            .put("sha256", file.sha256())
            .put("size", file.size()));
    announce(c, "file", saved);
    return saved;
  }
}
