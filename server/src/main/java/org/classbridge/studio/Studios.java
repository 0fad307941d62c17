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
import org.classbridge.common.Subject;
import org.classbridge.common.Wire;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.sql.Database;
import org.classbridge.sql.Tx;

/**
 * Studios and who is in them. The group's coordinators (and admins) create a studio and name its
 * lead, a teacher of the group; the lead and the coordinators add members, teachers of any school
 * of the group; a member may leave. Only members, the lead, the group's coordinators and admins see
 * a studio: to anyone else it does not exist (404).
 */
final class Studios {
  static final Set<String> STAGES = Set.of("primary", "junior", "senior");

  /**
   * The criteria a studio may choose its rubric from (听课 and 评课): goals, process, pupils'
   * engagement, use of technology, effect, bilingual teaching, board work, assessment and feedback.
   */
  static final List<String> CRITERIA =
      List.of(
          "goals",
          "process",
          "engagement",
          "technology",
          "effect",
          "bilingual",
          "board",
          "assessment");

  /** A studio's rubric when it names none: the usual five of a 评课表. */
  static final List<String> DEFAULT_RUBRIC =
      List.of("goals", "process", "engagement", "technology", "effect");

  private final Database db;
  private final StudioStore store;
  private final StudioSources sources;
  private final Clock clock;

  Studios(Database db, StudioStore store, StudioSources sources, Clock clock) {
    this.db = db;
    this.store = store;
    this.sources = sources;
    this.clock = clock;
  }

  static boolean coordinates(Principal p, UUID groupId) {
    return p.role() == Role.ADMIN
        || (p.role() == Role.COORDINATOR && p.groupId().map(groupId::equals).orElse(false));
  }

  /** Whether {@code p} may see the studio (its members, lead, the group's coordinators). */
  boolean sees(Tx c, Principal p, StudioStore.Studio s) throws java.sql.SQLException {
    return coordinates(p, s.groupId())
        || s.leadId().equals(p.userId())
        || store.isMember(c, s.id(), p.userId());
  }

  /** Whether {@code p} may change who is in the studio and its term plan. */
  static boolean manages(Principal p, StudioStore.Studio s) {
    return coordinates(p, s.groupId()) || s.leadId().equals(p.userId());
  }

  /** The studio, if {@code p} may see it; a 404 otherwise. */
  StudioStore.Studio visible(Tx c, Principal p, UUID id) throws java.sql.SQLException {
    StudioStore.Studio s =
        store
            .studio(c, id)
            .orElseThrow(() -> Problem.notFound("studio-not-found", "no studio " + id));
    if (!sees(c, p, s)) {
      throw Problem.notFound("studio-not-found", "no studio " + id);
    }
    return s;
  }

  Future<JsonObject> create(Principal actor, JsonObject body) {
    for (String f : body.fieldNames()) {
      if (!Set.of("groupId", "name", "subject", "stage", "leadId", "termPlan", "rubric")
          .contains(f)) {
        throw Problem.invalid("unknown-field", "no field " + f);
      }
    }
    List<Problem.FieldError> errors = new ArrayList<>();
    UUID group = uuid(body, "groupId", actor.groupId(), errors);
    String name = text(body, "name", 100, true, errors);
    Subject subject =
        body.getValue("subject") instanceof String s
            ? Wire.parse(Subject.class, s).orElse(null)
            : null;
    if (subject == null) {
      errors.add(new Problem.FieldError("subject", "bad-subject", "a subject id"));
    }
    String stage = body.getValue("stage") instanceof String s ? s : "";
    if (!STAGES.contains(stage)) {
      errors.add(new Problem.FieldError("stage", "bad-stage", "primary, junior or senior"));
    }
    UUID lead = uuid(body, "leadId", Optional.empty(), errors);
    String plan = text(body, "termPlan", 8000, false, errors);
    List<String> rubric = rubric(body, errors);
    if (!errors.isEmpty()) {
      throw Problem.validation(errors);
    }
    if (!coordinates(actor, group)) {
      throw Problem.forbidden("forbidden", "the group's coordinators create its studios");
    }
    return teacherOf(group, lead, "leadId")
        .compose(
            leader ->
                db.transaction(
                    c -> {
                      if (store.nameTaken(c, group, name)) {
                        throw Problem.conflict("studio-exists", "the group has a studio " + name);
                      }
                      StudioStore.Studio s =
                          new StudioStore.Studio(
                              UUID.randomUUID(),
                              group,
                              name,
                              subject,
                              stage,
                              lead,
                              Optional.ofNullable(plan),
                              rubric,
                              Tx.now(clock),
                              0);
                      store.insert(c, s, actor.userId());
                      return s;
                    }))
        .compose(s -> one(actor, s.id()));
  }

  /** An active teacher of the group, or a 400 naming {@code field}. */
  Future<StudioSources.Person> teacherOf(UUID group, UUID userId, String field) {
    return sources
        .people(List.of(userId))
        .map(
            m -> {
              StudioSources.Person p = m.get(userId);
              if (p == null || !p.teacher() || !p.groupId().map(group::equals).orElse(false)) {
                throw Problem.validation(
                    List.of(
                        new Problem.FieldError(
                            field, "not-a-teacher", "an active teacher of the group")));
              }
              return p;
            });
  }

  /** The studios {@code p} sees: their own, or the group's for a coordinator, all for an admin. */
  Future<JsonObject> list(Principal p) {
    return db.read(
            c ->
                p.role() == Role.ADMIN
                    ? store.all(c)
                    : p.role() == Role.COORDINATOR && p.groupId().isPresent()
                        ? store.ofGroup(c, p.groupId().get())
                        : store.of(c, p.userId()))
        .compose(
            studios -> {
              Set<UUID> ids = new HashSet<>();
              studios.forEach(s -> ids.add(s.leadId()));
              return sources
                  .people(ids)
                  .map(
                      people -> {
                        List<JsonObject> out = new ArrayList<>();
                        studios.forEach(s -> out.add(summary(s, people)));
                        return new JsonObject().put("items", new JsonArray(new ArrayList<>(out)));
                      });
            });
  }

  /** One studio with its members. */
  Future<JsonObject> one(Principal p, UUID id) {
    return db.read(
            c -> {
              StudioStore.Studio s = visible(c, p, id);
              return Map.entry(s, store.members(c, s.id()));
            })
        .compose(
            e -> {
              Set<UUID> ids = new HashSet<>();
              ids.add(e.getKey().leadId());
              e.getValue().forEach(m -> ids.add(m.userId()));
              return sources
                  .people(ids)
                  .map(
                      people -> {
                        JsonArray members = new JsonArray();
                        for (StudioStore.Member m : e.getValue()) {
                          members.add(
                              person(people.get(m.userId()))
                                  .put("addedAt", m.addedAt().toString()));
                        }
                        return summary(e.getKey(), people)
                            .put("members", members)
                            .put("mayManage", manages(p, e.getKey()));
                      });
            });
  }

  private static JsonObject summary(StudioStore.Studio s, Map<UUID, StudioSources.Person> people) {
    return new JsonObject()
        .put("id", s.id().toString())
        .put("groupId", s.groupId().toString())
        .put("name", s.name())
        .put("subject", s.subject().toJson())
        .put("stage", s.stage())
        .put("lead", person(people.get(s.leadId())))
        .put("termPlan", s.termPlan().orElse(null))
        .put("rubric", new JsonArray(new ArrayList<>(s.rubric())))
        .put("version", s.version());
  }

  static JsonObject person(StudioSources.Person p) {
    if (p == null) {
      return new JsonObject();
    }
    return new JsonObject()
        .put("id", p.id().toString())
        .put("username", p.username())
        .put("displayName", p.displayName())
        .put("schoolId", p.schoolId().map(UUID::toString).orElse(null));
  }

  /** Adds a member by id or username (the lead and the group's coordinators). */
  Future<JsonObject> addMember(Principal actor, UUID studioId, JsonObject body) {
    for (String f : body.fieldNames()) {
      if (!f.equals("userId") && !f.equals("username")) {
        throw Problem.invalid("unknown-field", "userId or username");
      }
    }
    Future<Optional<StudioSources.Person>> who;
    if (body.getValue("userId") instanceof String id) {
      UUID uid;
      try {
        uid = UUID.fromString(id);
      } catch (IllegalArgumentException e) {
        throw Problem.invalid("bad-user", "userId: an account id");
      }
      who = sources.people(List.of(uid)).map(m -> Optional.ofNullable(m.get(uid)));
    } else if (body.getValue("username") instanceof String name && !name.isBlank()) {
      who = sources.byUsername(name.strip());
    } else {
      throw Problem.invalid("bad-user", "userId or username");
    }
    return db.read(c -> visible(c, actor, studioId))
        .compose(
            s -> {
              if (!manages(actor, s)) {
                throw Problem.forbidden(
                    "forbidden", "the studio's lead and the group's coordinators add members");
              }
              return who.compose(
                  found -> {
                    StudioSources.Person p =
                        found
                            .filter(
                                x -> x.teacher() && x.groupId().equals(Optional.of(s.groupId())))
                            .orElseThrow(
                                () ->
                                    Problem.invalid(
                                        "not-a-teacher", "members are teachers of the group"));
                    return db.transaction(
                        c -> {
                          if (p.id().equals(s.leadId()) || store.isMember(c, s.id(), p.id())) {
                            throw Problem.conflict("already-member", "already in the studio");
                          }
                          store.addMember(c, s.id(), p.id(), actor.userId(), Tx.now(clock));
                          return s.id();
                        });
                  });
            })
        .compose(id -> one(actor, id));
  }

  /** Removes a member: the member themself, the lead, the group's coordinators. */
  Future<JsonObject> removeMember(Principal actor, UUID studioId, UUID userId) {
    return db.transaction(
            c -> {
              StudioStore.Studio s = visible(c, actor, studioId);
              if (!manages(actor, s) && !actor.userId().equals(userId)) {
                throw Problem.forbidden("forbidden", "a member leaves; the lead removes");
              }
              if (store.removeMember(c, s.id(), userId) == 0) {
                throw Problem.notFound("member-not-found", "not a member");
              }
              return s.id();
            })
        .compose(
            id ->
                actor.userId().equals(userId)
                    ? Future.succeededFuture(new JsonObject().put("left", id.toString()))
                    : one(actor, id));
  }

  /** Sets the term plan of activities (the lead, the coordinators), on the version read. */
  Future<JsonObject> putTermPlan(Principal actor, UUID studioId, JsonObject body) {
    List<Problem.FieldError> errors = new ArrayList<>();
    String plan = text(body, "termPlan", 8000, false, errors);
    if (!(body.getValue("version") instanceof Integer expected)) {
      errors.add(new Problem.FieldError("version", "required", "the version read"));
      throw Problem.validation(errors);
    }
    if (!errors.isEmpty()) {
      throw Problem.validation(errors);
    }
    return db.transaction(
            c -> {
              StudioStore.Studio s = visible(c, actor, studioId);
              if (!manages(actor, s)) {
                throw Problem.forbidden("forbidden", "the lead and the coordinators plan the term");
              }
              if (store.updateTermPlan(c, s.id(), Optional.ofNullable(plan), expected) == 0) {
                throw Problem.conflict("edit-conflict", "the plan changed since it was read");
              }
              return s.id();
            })
        .compose(id -> one(actor, id));
  }

  // --- reading bodies

  /** The rubric a studio chooses: 1 to 8 distinct criteria of {@link #CRITERIA}; default five. */
  static List<String> rubric(JsonObject body, List<Problem.FieldError> errors) {
    if (!body.containsKey("rubric")) {
      return DEFAULT_RUBRIC;
    }
    if (!(body.getValue("rubric") instanceof JsonArray list) || list.isEmpty()) {
      errors.add(new Problem.FieldError("rubric", "bad-rubric", "a list of criteria"));
      return DEFAULT_RUBRIC;
    }
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    for (Object o : list) {
      if (!(o instanceof String k) || !CRITERIA.contains(k) || !out.add(k)) {
        errors.add(
            new Problem.FieldError("rubric", "bad-rubric", "distinct criteria of " + CRITERIA));
        return DEFAULT_RUBRIC;
      }
    }
    return List.copyOf(out);
  }

  static UUID uuid(
      JsonObject body, String field, Optional<UUID> fallback, List<Problem.FieldError> errors) {
    Object v = body.getValue(field);
    if (v == null) {
      if (fallback.isPresent()) {
        return fallback.get();
      }
      errors.add(new Problem.FieldError(field, "required", "is required"));
      return null;
    }
    try {
      return UUID.fromString((String) v);
    } catch (RuntimeException e) {
      errors.add(new Problem.FieldError(field, "bad-id", "an id"));
      return null;
    }
  }

  static String text(
      JsonObject body, String field, int max, boolean required, List<Problem.FieldError> errors) {
    Object v = body.getValue(field);
    if (v == null) {
      if (required) {
        errors.add(new Problem.FieldError(field, "required", "is required"));
      }
      return null;
    }
    if (!(v instanceof String s) || (required && s.isBlank())) {
      errors.add(new Problem.FieldError(field, "bad-text", "text"));
      return null;
    }
    if (s.length() > max || s.chars().anyMatch(ch -> ch < 0x20 && ch != '\n' && ch != '\t')) {
      errors.add(
          new Problem.FieldError(field, "bad-text", "at most " + max + " characters of text"));
      return null;
    }
    return s.strip();
  }
}
