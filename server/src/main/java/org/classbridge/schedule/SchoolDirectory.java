package org.classbridge.schedule;

import io.vertx.core.Future;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.auth.Principal;
import org.classbridge.auth.Role;
import org.classbridge.auth.SchoolLookup;
import org.classbridge.common.Problem;
import org.classbridge.common.Validation;
import org.classbridge.sql.Database;
import org.classbridge.sql.Sql;

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
          unique(
              () -> store.insertGroup(c, g), "group-exists", "a group named " + name + " exists");
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
          unique(
              () -> store.insertSchool(c, school),
              "school-exists",
              "a school named " + name + " exists");
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

  private School visibleSchool(java.sql.Connection c, Principal viewer, UUID id)
      throws SQLException {
    return store
        .school(c, id)
        .filter(s -> viewer.canSeeGroup(s.groupId()))
        .orElseThrow(() -> Problem.notFound("school-not-found", "no school " + id));
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
          unique(
              () -> store.insertClassroom(c, room),
              "classroom-exists",
              "this school already has a classroom named " + name);
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
          unique(
              () -> store.insertClass(c, k),
              "class-exists",
              "this school already has a class named " + name);
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

  Future<Optional<SchoolClass>> schoolClass(UUID classId) {
    return db.read(c -> store.schoolClass(c, classId));
  }

  Future<Optional<School>> anySchool(UUID schoolId) {
    return db.read(c -> store.school(c, schoolId));
  }

  // --- SchoolLookup, for accounts

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
                            k.id(),
                            k.name(),
                            k.grade(),
                            k.language().name().toLowerCase(java.util.Locale.ROOT),
                            k.schoolId()))
                .toList());
  }

  private void requireSchool(java.sql.Connection c, UUID schoolId) throws SQLException {
    if (store.school(c, schoolId).isEmpty()) {
      throw Problem.notFound("school-not-found", "no school " + schoolId);
    }
  }

  @FunctionalInterface
  private interface Insert {
    void run() throws SQLException;
  }

  private static void unique(Insert insert, String code, String detail) throws SQLException {
    try {
      insert.run();
    } catch (SQLException e) {
      if (Sql.isUniqueViolation(e)) {
        throw Problem.conflict(code, detail);
      }
      throw e;
    }
  }

  DirectoryStore store() {
    return store;
  }

  Database db() {
    return db;
  }

  /** Now, to the microsecond both databases store, so a value reads back equal to itself. */
  Instant now() {
    return clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
  }
}
