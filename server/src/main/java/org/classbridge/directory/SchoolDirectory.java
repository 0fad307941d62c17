package org.classbridge.directory;

import io.vertx.core.Future;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
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
 * Admins change it; coordinators and teachers read their own group's part of it; everything outside
 * a caller's group answers "not found", so the existence of other groups' schools is not revealed.
 */
public final class SchoolDirectory implements SchoolLookup {
  private final Database db;
  private final DirectoryStore store = new DirectoryStore();
  private final Clock clock;

  public SchoolDirectory(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  // --- groups

  public Future<EducationGroup> createGroup(String rawName) {
    Validation v = new Validation();
    String name = v.text("name", rawName, 200);
    v.orThrow();
    EducationGroup g = new EducationGroup(UUID.randomUUID(), name, now());
    return db.transaction(
        c -> {
          Sql.unique(
              () -> Problem.conflict("group-exists", "a group named " + name + " exists"),
              () -> store.insertGroup(c, g));
          return g;
        });
  }

  public Future<List<EducationGroup>> groups(Principal viewer) {
    return db.read(c -> store.groups(c).stream().filter(g -> viewer.canSeeGroup(g.id())).toList());
  }

  public Future<Optional<EducationGroup>> groupByName(String name) {
    return db.read(c -> store.groupByName(c, Validation.normalise(name)));
  }

  // --- schools

  public Future<School> createSchool(
      String groupId, String rawName, String prefecture, String county, String setting) {
    Validation v = new Validation();
    UUID group = v.uuid("groupId", groupId);
    String name = v.text("name", rawName, 200);
    String pref = v.text("region.prefecture", prefecture, 100);
    String cty = v.text("region.county", county, 100);
    SchoolSetting s = v.oneOf("setting", setting, SchoolSetting.class);
    v.orThrow();
    School school = new School(UUID.randomUUID(), group, name, pref, cty, s, now());
    return db.transaction(
        c -> {
          if (store.group(c, group).isEmpty()) {
            throw Problem.invalid("unknown-group", "no education group has the id " + group);
          }
          Sql.unique(
              () -> Problem.conflict("school-exists", "a school named " + name + " exists"),
              () -> store.insertSchool(c, school));
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

  /** The schools with these names (normalised), by name; one query however many names. */
  public Future<Map<String, School>> schoolsByName(Collection<String> names) {
    if (names.isEmpty()) {
      return Future.succeededFuture(Map.of());
    }
    List<String> wanted = names.stream().map(Validation::normalise).distinct().toList();
    return db.read(
        c -> {
          Map<String, School> out = new HashMap<>();
          for (School s : store.schoolsByNames(c, wanted)) {
            out.put(s.name(), s);
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
      UUID schoolId, String rawName, String kind, Integer capacity) {
    Validation v = new Validation();
    String name = v.text("name", rawName, 100);
    ClassroomKind k = v.oneOf("kind", kind, ClassroomKind.class);
    Integer cap = v.intIn("capacity", capacity, 1, 500);
    v.orThrow();
    Classroom room = new Classroom(UUID.randomUUID(), schoolId, name, k, cap, now());
    return db.transaction(
        c -> {
          requireSchool(c, schoolId);
          Sql.unique(
              () ->
                  Problem.conflict(
                      "classroom-exists", "this school already has a classroom named " + name),
              () -> store.insertClassroom(c, room));
          return room;
        });
  }

  public Future<List<Classroom>> classrooms(Principal viewer, UUID schoolId) {
    return db.read(
        c -> {
          visibleSchool(c, viewer, schoolId);
          return store.classrooms(c, schoolId);
        });
  }

  // --- classes

  public Future<SchoolClass> createClass(
      UUID schoolId, String rawName, Integer grade, String language) {
    Validation v = new Validation();
    String name = v.text("name", rawName, 100);
    Integer g = v.intIn("grade", grade, 1, 12);
    TeachingLanguage lang = v.oneOf("language", language, TeachingLanguage.class);
    v.orThrow();
    SchoolClass k = new SchoolClass(UUID.randomUUID(), schoolId, name, g, lang, now());
    return db.transaction(
        c -> {
          requireSchool(c, schoolId);
          Sql.unique(
              () ->
                  Problem.conflict("class-exists", "this school already has a class named " + name),
              () -> store.insertClass(c, k));
          return k;
        });
  }

  public Future<List<SchoolClass>> classes(Principal viewer, UUID schoolId) {
    return db.read(
        c -> {
          visibleSchool(c, viewer, schoolId);
          return store.classes(c, schoolId);
        });
  }

  public Future<Optional<SchoolClass>> classByName(UUID schoolId, String name) {
    return db.read(c -> store.classByName(c, schoolId, Validation.normalise(name)));
  }

  /** The classes with these ids, by id; unknown ids are left out. One query however many. */
  Future<Map<UUID, SchoolClass>> classesById(Collection<UUID> ids) {
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

  private void requireSchool(Tx c, UUID schoolId) throws SQLException {
    if (store.school(c, schoolId).isEmpty()) {
      throw Problem.notFound("school-not-found", "no school " + schoolId);
    }
  }

  private Instant now() {
    return Tx.now(clock);
  }
}
