package org.classbridge.directory;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import org.classbridge.audit.AuditLog;
import org.classbridge.auth.SchoolLookup;
import org.classbridge.common.Problem;
import org.classbridge.common.Validation;
import org.classbridge.common.Wire;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.sql.Database;
import org.classbridge.sql.Sql;
import org.classbridge.sql.Tx;

/**
 * Education groups, their schools, classrooms and classes: the structure the timetable is built on.
 * Admins change all of it; coordinators change their own group's classrooms and classes; teachers
 * read their group. Everything outside a caller's group answers "not found", so the existence of
 * other groups' schools is not revealed.
 *
 * <p>Changes are JSON Merge Patches checked against the version the caller read (412 when someone
 * changed it first), audited in the same transaction. Classrooms and classes are retired, not
 * deleted, once anything points at them; retired ones leave the lists unless asked for.
 */
public final class SchoolDirectory implements SchoolLookup {
  /** Who acts when the platform itself changes the directory (demo data, tools). */
  public static final Principal PLATFORM =
      new Principal(new UUID(0, 0), "platform", Role.ADMIN, Optional.empty(), Optional.empty());

  private final Database db;
  private final DirectoryStore store = new DirectoryStore();
  private final AuditLog audit;
  private final Clock clock;

  public SchoolDirectory(Database db, AuditLog audit, Clock clock) {
    this.db = db;
    this.audit = audit;
    this.clock = clock;
  }

  private Instant now() {
    return Tx.now(clock);
  }

  private static Problem stale(String what, int current) {
    return Problem.of(
        Problem.Kind.PRECONDITION_FAILED,
        "version-mismatch",
        "the " + what + " changed since you read it (version " + current + "); reload it");
  }

  private static void checkFields(JsonObject patch, Set<String> allowed) {
    for (String field : patch.fieldNames()) {
      if (!allowed.contains(field)) {
        throw Problem.validation(
            List.of(
                new Problem.FieldError(
                    field, "unknown-field", "cannot be changed (or does not exist)")));
      }
    }
  }

  private static String text(JsonObject patch, String field) {
    Object v = patch.getValue(field);
    if (v == null || v instanceof String) {
      return (String) v;
    }
    throw Problem.validation(List.of(new Problem.FieldError(field, "not-text", "must be text")));
  }

  private static Optional<String> nameBo(Validation v, String raw, int max) {
    String checked = raw == null || raw.isBlank() ? null : v.text("nameBo", raw, max);
    return Optional.ofNullable(checked);
  }

  // --- groups

  public Future<EducationGroup> createGroup(String name) {
    return createGroup(PLATFORM, name, null);
  }

  public Future<EducationGroup> createGroup(Principal actor, String rawName, String rawNameBo) {
    Validation v = new Validation();
    String name = v.text("name", rawName, 200);
    Optional<String> bo = nameBo(v, rawNameBo, 200);
    v.orThrow();
    EducationGroup g = new EducationGroup(UUID.randomUUID(), name, bo, Optional.empty(), now(), 0);
    return db.transaction(
        c -> {
          Sql.unique(
              () -> Problem.conflict("group-exists", "a group named " + name + " exists"),
              () -> store.insertGroup(c, g));
          audit.record(
              c, actor, "group.created", "group", g.id(), g.id(), AuditLog.diff(null, g.toJson()));
          return g;
        });
  }

  public Future<List<EducationGroup>> groups(Principal viewer) {
    return db.read(c -> store.groups(c).stream().filter(g -> viewer.canSeeGroup(g.id())).toList());
  }

  public Future<EducationGroup> group(Principal viewer, UUID id) {
    return db.read(
        c ->
            store
                .group(c, id)
                .filter(g -> viewer.canSeeGroup(g.id()))
                .orElseThrow(() -> Problem.notFound("group-not-found", "no group " + id)));
  }

  public Future<Optional<EducationGroup>> groupByName(String name) {
    return db.read(c -> store.groupByName(c, Validation.normalise(name)));
  }

  private static final Set<String> GROUP_FIELDS = Set.of("name", "nameBo", "leadSchoolId");

  /** Renames a group (admins). */
  public Future<EducationGroup> updateGroup(
      Principal actor, UUID id, int expectedVersion, JsonObject patch) {
    checkFields(patch, GROUP_FIELDS);
    return db.transaction(
        c -> {
          EducationGroup g =
              store
                  .lockGroup(c, id)
                  .orElseThrow(() -> Problem.notFound("group-not-found", "no group " + id));
          if (g.version() != expectedVersion) {
            throw stale("group", g.version());
          }
          Validation v = new Validation();
          String name =
              patch.containsKey("name") ? v.text("name", text(patch, "name"), 200) : g.name();
          Optional<String> bo =
              patch.containsKey("nameBo") ? nameBo(v, text(patch, "nameBo"), 200) : g.nameBo();
          Optional<UUID> lead = g.leadSchoolId();
          if (patch.containsKey("leadSchoolId")) {
            String raw = text(patch, "leadSchoolId");
            lead =
                raw == null ? Optional.empty() : Optional.ofNullable(v.uuid("leadSchoolId", raw));
            if (lead.isPresent()
                && store.school(c, lead.get()).filter(s -> s.groupId().equals(id)).isEmpty()) {
              v.error(
                  "leadSchoolId", "unknown-school", "the lead school is a school of this group");
            }
          }
          v.orThrow();
          EducationGroup changed =
              new EducationGroup(id, name, bo, lead, g.createdAt(), g.version() + 1);
          Sql.unique(
              () -> Problem.conflict("group-exists", "a group named " + name + " exists"),
              () -> store.updateGroup(c, changed, expectedVersion, now()));
          audit.record(
              c,
              actor,
              "group.updated",
              "group",
              id,
              id,
              AuditLog.diff(g.toJson(), changed.toJson()));
          return changed;
        });
  }

  // --- schools

  public Future<School> createSchool(
      String groupId, String rawName, String prefecture, String county, String setting) {
    return createSchool(PLATFORM, groupId, rawName, null, prefecture, county, setting);
  }

  public Future<School> createSchool(
      Principal actor,
      String groupId,
      String rawName,
      String rawNameBo,
      String prefecture,
      String county,
      String setting) {
    Validation v = new Validation();
    UUID group = v.uuid("groupId", groupId);
    String name = v.text("name", rawName, 200);
    Optional<String> bo = nameBo(v, rawNameBo, 200);
    String pref = v.text("region.prefecture", prefecture, 100);
    String cty = v.text("region.county", county, 100);
    SchoolSetting s = v.oneOf("setting", setting, SchoolSetting.class);
    v.orThrow();
    School school = new School(UUID.randomUUID(), group, name, bo, pref, cty, s, false, now(), 0);
    return db.transaction(
        c -> {
          if (store.group(c, group).isEmpty()) {
            throw Problem.invalid("unknown-group", "no education group has the id " + group);
          }
          Sql.unique(
              () -> Problem.conflict("school-exists", "a school named " + name + " exists"),
              () -> store.insertSchool(c, school));
          audit.record(
              c,
              actor,
              "school.created",
              "school",
              school.id(),
              group,
              AuditLog.diff(null, school.toJson()));
          return school;
        });
  }

  /** Schools the viewer may see, optionally of one group. */
  public Future<List<School>> schools(Principal viewer, Optional<UUID> groupId) {
    Optional<UUID> scope = viewer.role() == Role.ADMIN ? groupId : viewer.groupId();
    if (viewer.role() != Role.ADMIN && groupId.isPresent() && !groupId.equals(scope)) {
      return Future.succeededFuture(List.of());
    }
    return db.read(c -> store.schools(c, scope));
  }

  /** A school the viewer may see, or {@code school-not-found}. */
  public Future<School> school(Principal viewer, UUID id) {
    return db.read(c -> visibleSchool(c, viewer, id));
  }

  private School visibleSchool(Tx c, Principal viewer, UUID id) throws SQLException {
    return store
        .school(c, id)
        .filter(s -> viewer.canSeeGroup(s.groupId()))
        .orElseThrow(() -> Problem.notFound("school-not-found", "no school " + id));
  }

  /**
   * A school whose classrooms and classes the viewer may change: an admin any, a coordinator their
   * group's; anyone else is told it does not exist.
   */
  private School managedSchool(Tx c, Principal viewer, UUID id) throws SQLException {
    School s = visibleSchool(c, viewer, id);
    if (viewer.role() != Role.ADMIN && viewer.role() != Role.COORDINATOR) {
      throw Problem.notFound("school-not-found", "no school " + id);
    }
    return s;
  }

  /**
   * Something of a school (a classroom, a class) and its school, if the viewer may see it (or, with
   * {@code manage}, change it); otherwise "not found" under {@code code}, whether it exists or not.
   */
  private <T> Owned<T> owned(
      Tx c,
      Principal viewer,
      Optional<T> found,
      Function<T, UUID> schoolOf,
      boolean manage,
      String code,
      UUID id)
      throws SQLException {
    Problem notFound = Problem.notFound(code, "no " + code.replace("-not-found", "") + " " + id);
    T thing = found.orElseThrow(() -> notFound);
    try {
      UUID school = schoolOf.apply(thing);
      return new Owned<>(
          thing, manage ? managedSchool(c, viewer, school) : visibleSchool(c, viewer, school));
    } catch (Problem p) {
      throw notFound;
    }
  }

  private record Owned<T>(T thing, School school) {}

  private static final Set<String> SCHOOL_FIELDS =
      Set.of("name", "nameBo", "region", "setting", "groupId", "recordPupils");

  /** Corrects a school (admins). A school stays in its group. */
  public Future<School> updateSchool(
      Principal actor, UUID id, int expectedVersion, JsonObject patch) {
    checkFields(patch, SCHOOL_FIELDS);
    return db.transaction(
        c -> {
          School s =
              store
                  .lockSchool(c, id)
                  .orElseThrow(() -> Problem.notFound("school-not-found", "no school " + id));
          if (s.version() != expectedVersion) {
            throw stale("school", s.version());
          }
          if (patch.containsKey("groupId")
              && !s.groupId().toString().equals(patch.getValue("groupId"))) {
            throw Problem.invalid(
                "other-group", "a school stays in its education group; create it in the other");
          }
          Validation v = new Validation();
          String name =
              patch.containsKey("name") ? v.text("name", text(patch, "name"), 200) : s.name();
          Optional<String> bo =
              patch.containsKey("nameBo") ? nameBo(v, text(patch, "nameBo"), 200) : s.nameBo();
          String pref = s.prefecture();
          String county = s.county();
          if (patch.containsKey("region")) {
            if (!(patch.getValue("region") instanceof JsonObject r)) {
              throw Problem.validation(
                  List.of(new Problem.FieldError("region", "not-an-object", "must be an object")));
            }
            if (r.containsKey("prefecture")) {
              pref = v.text("region.prefecture", text(r, "prefecture"), 100);
            }
            if (r.containsKey("county")) {
              county = v.text("region.county", text(r, "county"), 100);
            }
          }
          SchoolSetting setting =
              patch.containsKey("setting")
                  ? v.oneOf("setting", text(patch, "setting"), SchoolSetting.class)
                  : s.setting();
          boolean recordPupils = s.recordPupils();
          if (patch.containsKey("recordPupils")) {
            if (patch.getValue("recordPupils") instanceof Boolean b) {
              recordPupils = b;
            } else {
              v.error("recordPupils", "not-a-boolean", "true or false");
            }
          }
          v.orThrow();
          School changed =
              new School(
                  id,
                  s.groupId(),
                  name,
                  bo,
                  pref,
                  county,
                  setting,
                  recordPupils,
                  s.createdAt(),
                  s.version() + 1);
          Sql.unique(
              () -> Problem.conflict("school-exists", "a school named " + name + " exists"),
              () -> store.updateSchool(c, changed, expectedVersion, now()));
          audit.record(
              c,
              actor,
              "school.updated",
              "school",
              id,
              s.groupId(),
              AuditLog.diff(s.toJson(), changed.toJson()));
          return changed;
        });
  }

  public Future<Map<String, School>> schoolsByName(Collection<String> names) {
    if (names.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    List<String> wanted = names.stream().map(Validation::normalise).distinct().toList();
    return db.read(
        c -> {
          Map<String, School> out = new HashMap<>();
          for (School s : store.schoolsByNames(c, wanted)) {
            // a roll may name its school in Chinese or in Tibetan
            out.put(s.name(), s);
            s.nameBo().ifPresent(bo -> out.put(bo, s));
          }
          return out;
        });
  }

  /** Every class of these schools; one query however many schools. */
  public Future<List<SchoolClass>> classesOfSchools(Collection<UUID> schoolIds) {
    if (schoolIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return db.read(c -> store.classesOfSchools(c, List.copyOf(schoolIds)));
  }

  public Future<Optional<School>> schoolByName(String name) {
    return db.read(c -> store.schoolByName(c, Validation.normalise(name)));
  }

  // --- classrooms

  public Future<Classroom> createClassroom(
      UUID schoolId, String name, String kind, Integer capacity) {
    return createClassroom(PLATFORM, schoolId, name, null, kind, capacity, null, null);
  }

  public Future<Classroom> createClassroom(
      Principal actor,
      UUID schoolId,
      String rawName,
      String rawNameBo,
      String kind,
      Integer capacity,
      String rawReception,
      Integer uplinkKbps) {
    Validation v = new Validation();
    String name = v.text("name", rawName, 100);
    Optional<String> bo = nameBo(v, rawNameBo, 100);
    ClassroomKind k = v.oneOf("kind", kind, ClassroomKind.class);
    Integer cap = v.intIn("capacity", capacity, 1, 500);
    Optional<Reception> reception = reception(v, k, rawReception);
    Optional<Integer> uplink = uplink(v, uplinkKbps);
    v.orThrow();
    Classroom room =
        new Classroom(
            UUID.randomUUID(),
            schoolId,
            name,
            bo,
            k,
            cap,
            reception,
            uplink,
            now(),
            Optional.empty(),
            0);
    return db.transaction(
        c -> {
          School s = managedSchool(c, actor, schoolId);
          Sql.unique(
              () ->
                  Problem.conflict(
                      "classroom-exists", "this school already has a classroom named " + name),
              () -> store.insertClassroom(c, room));
          audit.record(
              c,
              actor,
              "classroom.created",
              "classroom",
              room.id(),
              s.groupId(),
              AuditLog.diff(null, room.toJson()));
          return room;
        });
  }

  public Future<List<Classroom>> classrooms(Principal viewer, UUID schoolId) {
    return classrooms(viewer, schoolId, false);
  }

  /** A school's classrooms; retired ones only when asked for (history, not pickers). */
  public Future<List<Classroom>> classrooms(Principal viewer, UUID schoolId, boolean withRetired) {
    return db.read(
        c -> {
          visibleSchool(c, viewer, schoolId);
          return store.classrooms(c, schoolId, withRetired);
        });
  }

  /** The classrooms of these schools the viewer may see, in one query (retired left out). */
  public Future<List<Classroom>> classroomsOfSchools(Principal viewer, List<UUID> schoolIds) {
    if (schoolIds.isEmpty()) {
      return Future.succeededFuture(List.of());
    }
    return db.read(
        c -> {
          List<UUID> visible = new ArrayList<>();
          for (School s :
              store.schools(c, viewer.canSeeAllGroups() ? Optional.empty() : viewer.groupId())) {
            if (schoolIds.contains(s.id())) {
              visible.add(s.id());
            }
          }
          return store.classroomsOfSchools(c, visible);
        });
  }

  public Future<Classroom> classroom(Principal viewer, UUID id) {
    return db.read(
        c ->
            owned(
                    c,
                    viewer,
                    store.classroom(c, id, false),
                    Classroom::schoolId,
                    false,
                    "classroom-not-found",
                    id)
                .thing());
  }

  private static final Set<String> CLASSROOM_FIELDS =
      Set.of("name", "nameBo", "kind", "capacity", "reception", "uplinkKbps", "retired");

  /** Corrects or retires (and un-retires) a classroom: admins, and its group's coordinator. */
  /** A receiving room's reception (interactive by default); a main room has none. */
  private static Optional<Reception> reception(Validation v, ClassroomKind kind, String raw) {
    if (raw == null) {
      return kind == ClassroomKind.RECEIVING
          ? Optional.of(Reception.INTERACTIVE)
          : Optional.empty();
    }
    Reception r = v.oneOf("reception", raw, Reception.class);
    if (r != null && kind == ClassroomKind.MAIN) {
      v.error("reception", "main-classroom", "a main classroom teaches; it has no reception mode");
      return Optional.empty();
    }
    return Optional.ofNullable(r);
  }

  private static Optional<Integer> uplink(Validation v, Integer kbps) {
    if (kbps == null) {
      return Optional.empty();
    }
    return Optional.ofNullable(
        v.intIn("uplinkKbps", kbps, Classroom.MIN_UPLINK, Classroom.MAX_UPLINK));
  }

  public Future<Classroom> updateClassroom(
      Principal actor, UUID id, int expectedVersion, JsonObject patch) {
    checkFields(patch, CLASSROOM_FIELDS);
    return db.transaction(
        c -> {
          Owned<Classroom> o =
              owned(
                  c,
                  actor,
                  store.classroom(c, id, true),
                  Classroom::schoolId,
                  true,
                  "classroom-not-found",
                  id);
          Classroom r = o.thing();
          School s = o.school();
          if (r.version() != expectedVersion) {
            throw stale("classroom", r.version());
          }
          Validation v = new Validation();
          String name =
              patch.containsKey("name") ? v.text("name", text(patch, "name"), 100) : r.name();
          Optional<String> bo =
              patch.containsKey("nameBo") ? nameBo(v, text(patch, "nameBo"), 100) : r.nameBo();
          ClassroomKind kind =
              patch.containsKey("kind")
                  ? v.oneOf("kind", text(patch, "kind"), ClassroomKind.class)
                  : r.kind();
          int capacity = r.capacity();
          if (patch.containsKey("capacity")) {
            Integer cap = v.intIn("capacity", number(patch, "capacity"), 1, 500);
            capacity = cap == null ? capacity : cap;
          }
          Optional<Reception> reception =
              patch.containsKey("reception")
                  ? reception(v, kind, text(patch, "reception"))
                  : kind == ClassroomKind.MAIN
                      ? Optional.empty()
                      : r.reception().or(() -> Optional.of(Reception.INTERACTIVE));
          Optional<Integer> uplink =
              patch.containsKey("uplinkKbps")
                  ? uplink(v, number(patch, "uplinkKbps"))
                  : r.uplinkKbps();
          Optional<Instant> retired = retired(v, patch, r.retiredAt());
          v.orThrow();
          Classroom changed =
              new Classroom(
                  id,
                  r.schoolId(),
                  name,
                  bo,
                  kind,
                  capacity,
                  reception,
                  uplink,
                  r.createdAt(),
                  retired,
                  r.version() + 1);
          Sql.unique(
              () ->
                  Problem.conflict(
                      "classroom-exists", "this school already has a classroom named " + name),
              () -> store.updateClassroom(c, changed, expectedVersion, now()));
          audit.record(
              c,
              actor,
              changed.retiredAt().isPresent() && r.retiredAt().isEmpty()
                  ? "classroom.retired"
                  : "classroom.updated",
              "classroom",
              id,
              s.groupId(),
              AuditLog.diff(r.toJson(), changed.toJson()));
          return changed;
        });
  }

  /** Removes a classroom nothing refers to yet; one in use is retired instead (409). */
  public Future<Void> deleteClassroom(Principal actor, UUID id) {
    return db.transaction(
        c -> {
          Owned<Classroom> o =
              owned(
                  c,
                  actor,
                  store.classroom(c, id, true),
                  Classroom::schoolId,
                  true,
                  "classroom-not-found",
                  id);
          Classroom r = o.thing();
          School s = o.school();
          try {
            store.deleteClassroom(c, id);
          } catch (SQLException e) {
            if ("23503".equals(e.getSQLState())) {
              throw Problem.conflict("in-use", "the classroom is referred to; retire it instead");
            }
            throw e;
          }
          audit.record(
              c,
              actor,
              "classroom.deleted",
              "classroom",
              id,
              s.groupId(),
              AuditLog.diff(r.toJson(), null));
          return null;
        });
  }

  private Optional<Instant> retired(Validation v, JsonObject patch, Optional<Instant> current) {
    if (!patch.containsKey("retired")) {
      return current;
    }
    if (!(patch.getValue("retired") instanceof Boolean b)) {
      v.error("retired", "not-a-boolean", "must be true or false");
      return current;
    }
    return b ? current.or(() -> Optional.of(now())) : Optional.empty();
  }

  private static Integer number(JsonObject patch, String field) {
    Object v = patch.getValue(field);
    if (v == null) {
      return null;
    }
    if (v instanceof Integer i) {
      return i;
    }
    throw Problem.validation(
        List.of(new Problem.FieldError(field, "not-a-number", "must be a whole number")));
  }

  // --- classes

  public Future<SchoolClass> createClass(
      UUID schoolId, String name, Integer grade, String language) {
    return createClass(PLATFORM, schoolId, name, null, grade, language);
  }

  public Future<SchoolClass> createClass(
      Principal actor,
      UUID schoolId,
      String rawName,
      String rawNameBo,
      Integer grade,
      String language) {
    Validation v = new Validation();
    String name = v.text("name", rawName, 100);
    Optional<String> bo = nameBo(v, rawNameBo, 100);
    Integer g = v.intIn("grade", grade, 1, 12);
    TeachingLanguage lang = v.oneOf("language", language, TeachingLanguage.class);
    v.orThrow();
    SchoolClass k =
        new SchoolClass(UUID.randomUUID(), schoolId, name, bo, g, lang, now(), Optional.empty(), 0);
    return db.transaction(
        c -> {
          School s = managedSchool(c, actor, schoolId);
          Sql.unique(
              () ->
                  Problem.conflict("class-exists", "this school already has a class named " + name),
              () -> store.insertClass(c, k));
          audit.record(
              c,
              actor,
              "class.created",
              "class",
              k.id(),
              s.groupId(),
              AuditLog.diff(null, k.toJson()));
          return k;
        });
  }

  public Future<List<SchoolClass>> classes(Principal viewer, UUID schoolId) {
    return classes(viewer, schoolId, false);
  }

  /** A school's classes; retired (graduated) ones only when asked for. */
  public Future<List<SchoolClass>> classes(Principal viewer, UUID schoolId, boolean withRetired) {
    return db.read(
        c -> {
          visibleSchool(c, viewer, schoolId);
          return store.classes(c, schoolId, withRetired);
        });
  }

  public Future<SchoolClass> schoolClass(Principal viewer, UUID id) {
    return db.read(
        c ->
            owned(
                    c,
                    viewer,
                    store.schoolClass(c, id, false),
                    SchoolClass::schoolId,
                    false,
                    "class-not-found",
                    id)
                .thing());
  }

  private static final Set<String> CLASS_FIELDS =
      Set.of("name", "nameBo", "grade", "language", "retired", "schoolId");

  /**
   * Corrects, moves (to another school of the same group, while it has no members) or retires a
   * class: admins, and its group's coordinator.
   */
  public Future<SchoolClass> updateClass(
      Principal actor, UUID id, int expectedVersion, JsonObject patch) {
    checkFields(patch, CLASS_FIELDS);
    return db.transaction(
        c -> {
          Owned<SchoolClass> o =
              owned(
                  c,
                  actor,
                  store.schoolClass(c, id, true),
                  SchoolClass::schoolId,
                  true,
                  "class-not-found",
                  id);
          SchoolClass k = o.thing();
          School s = o.school();
          if (k.version() != expectedVersion) {
            throw stale("class", k.version());
          }
          Validation v = new Validation();
          UUID schoolId = k.schoolId();
          if (patch.containsKey("schoolId")) {
            UUID target = v.uuid("schoolId", text(patch, "schoolId"));
            if (target != null && !target.equals(k.schoolId())) {
              School to = store.school(c, target).orElse(null);
              if (to == null || !actor.canSeeGroup(to.groupId())) {
                throw Problem.invalid("unknown-school", "no school " + target);
              }
              if (!to.groupId().equals(s.groupId())) {
                throw Problem.invalid(
                    "other-group", "a class moves within its education group only");
              }
              if (store.memberCount(c, id) > 0) {
                throw Problem.conflict(
                    "class-has-members",
                    "a class with members stays at its school; move the pupils instead");
              }
              schoolId = target;
            }
          }
          String name =
              patch.containsKey("name") ? v.text("name", text(patch, "name"), 100) : k.name();
          Optional<String> bo =
              patch.containsKey("nameBo") ? nameBo(v, text(patch, "nameBo"), 100) : k.nameBo();
          int grade = k.grade();
          if (patch.containsKey("grade")) {
            Integer g = v.intIn("grade", number(patch, "grade"), 1, 12);
            grade = g == null ? grade : g;
          }
          TeachingLanguage lang =
              patch.containsKey("language")
                  ? v.oneOf("language", text(patch, "language"), TeachingLanguage.class)
                  : k.language();
          Optional<Instant> retired = retired(v, patch, k.retiredAt());
          v.orThrow();
          SchoolClass changed =
              new SchoolClass(
                  id, schoolId, name, bo, grade, lang, k.createdAt(), retired, k.version() + 1);
          Sql.unique(
              () ->
                  Problem.conflict("class-exists", "that school already has a class named " + name),
              () -> store.updateClass(c, changed, expectedVersion, now()));
          audit.record(
              c,
              actor,
              changed.retiredAt().isPresent() && k.retiredAt().isEmpty()
                  ? "class.retired"
                  : "class.updated",
              "class",
              id,
              s.groupId(),
              AuditLog.diff(k.toJson(), changed.toJson()));
          return changed;
        });
  }

  /** Removes a class with no members; one that had pupils is retired instead (409). */
  public Future<Void> deleteClass(Principal actor, UUID id) {
    return db.transaction(
        c -> {
          Owned<SchoolClass> o =
              owned(
                  c,
                  actor,
                  store.schoolClass(c, id, true),
                  SchoolClass::schoolId,
                  true,
                  "class-not-found",
                  id);
          SchoolClass k = o.thing();
          School s = o.school();
          if (store.memberCount(c, id) > 0) {
            throw Problem.conflict("in-use", "the class has members; retire it instead");
          }
          store.deleteClass(c, id);
          audit.record(
              c, actor, "class.deleted", "class", id, s.groupId(), AuditLog.diff(k.toJson(), null));
          return null;
        });
  }

  public Future<Optional<SchoolClass>> classByName(UUID schoolId, String name) {
    return db.read(c -> store.classByName(c, schoolId, Validation.normalise(name)));
  }

  /** The classes with these ids, by id; unknown ids are left out. One query however many. */
  /**
   * Classrooms by id, retired ones included, without a visibility check: for features that check
   * group membership themselves (the timetable books only rooms of the booking's group).
   */
  public Future<Map<UUID, Classroom>> classroomsById(Collection<UUID> ids) {
    return db.read(
        c -> {
          Map<UUID, Classroom> out = new HashMap<>();
          for (Classroom r : store.classroomsByIds(c, List.copyOf(ids))) {
            out.put(r.id(), r);
          }
          return out;
        });
  }

  /** Schools by id, without a visibility check (see {@link #classroomsById}). */
  public Future<Map<UUID, School>> schoolsById(Collection<UUID> ids) {
    return db.read(
        c -> {
          Map<UUID, School> out = new HashMap<>();
          for (School s : store.schoolsByIds(c, List.copyOf(ids))) {
            out.put(s.id(), s);
          }
          return out;
        });
  }

  /** Classes by id, retired ones included, without a visibility check. */
  public Future<Map<UUID, SchoolClass>> classesById(Collection<UUID> ids) {
    return db.read(
        c -> {
          Map<UUID, SchoolClass> out = new HashMap<>();
          for (SchoolClass k : store.classesByIds(c, List.copyOf(ids))) {
            out.put(k.id(), k);
          }
          return out;
        });
  }

  /** A class and the group of its school, without any visibility check (the roster checks). */
  Future<Optional<ClassInGroup>> classInGroup(UUID classId) {
    return db.read(c -> store.classInGroup(c, classId));
  }

  /** A class with the education group its school belongs to. */
  record ClassInGroup(SchoolClass schoolClass, UUID groupId) {}

  // --- SchoolLookup, for accounts

  @Override
  public Future<List<UUID>> schoolsOfGroup(UUID groupId) {
    return db.read(c -> store.schools(c, Optional.of(groupId)).stream().map(School::id).toList());
  }

  @Override
  public Future<Set<UUID>> existingSchools(Collection<UUID> schoolIds) {
    if (schoolIds.isEmpty()) {
      return Future.succeededFuture(Set.of());
    }
    return db.read(c -> store.existingSchoolIds(c, List.copyOf(schoolIds)));
  }

  @Override
  public Future<Optional<SchoolRef>> school(UUID schoolId) {
    return db.read(
        c -> {
          Optional<School> s = store.school(c, schoolId);
          if (s.isEmpty()) {
            return Optional.empty();
          }
          EducationGroup g = store.group(c, s.get().groupId()).orElseThrow();
          return Optional.of(new SchoolRef(s.get().id(), s.get().name(), g.id(), g.name()));
        });
  }

  @Override
  public Future<List<ClassRef>> classesOf(UUID userId) {
    return db.read(
        c ->
            store.classesOf(c, userId).stream()
                .map(
                    k ->
                        new ClassRef(
                            k.id(), k.name(), k.grade(), Wire.id(k.language()), k.schoolId()))
                .toList());
  }
}
