package org.classbridge.schedule;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.sql.Sql;

/**
 * The SQL of the school directory: the only code that touches {@code education_group}, {@code
 * school}, {@code classroom}, {@code school_class} and {@code class_member}.
 */
final class DirectoryStore {

  // --- education groups

  void insertGroup(Connection c, EducationGroup g) throws SQLException {
    Sql.update(
        c,
        "insert into education_group (id, name, created_at) values (?, ?, ?)",
        g.id(),
        g.name(),
        g.createdAt());
  }

  List<EducationGroup> groups(Connection c) throws SQLException {
    return Sql.list(
        c, "select id, name, created_at from education_group order by name", DirectoryStore::group);
  }

  Optional<EducationGroup> group(Connection c, UUID id) throws SQLException {
    return Sql.one(
        c,
        "select id, name, created_at from education_group where id = ?",
        DirectoryStore::group,
        id);
  }

  Optional<EducationGroup> groupByName(Connection c, String name) throws SQLException {
    return Sql.one(
        c,
        "select id, name, created_at from education_group where name = ?",
        DirectoryStore::group,
        name);
  }

  private static EducationGroup group(ResultSet rs) throws SQLException {
    return new EducationGroup(
        Sql.uuid(rs, "id"), rs.getString("name"), Sql.instant(rs, "created_at"));
  }

  // --- schools

  private static final String SCHOOL_COLUMNS =
      "id, group_id, name, prefecture, county, setting, created_at";

  /** The teaching (urban) schools first, then those that receive. */
  private static final String SCHOOL_ORDER =
      " order by case setting when 'urban' then 0 when 'rural' then 1 else 2 end, name";

  void insertSchool(Connection c, School s) throws SQLException {
    Sql.update(
        c,
        "insert into school (" + SCHOOL_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)",
        s.id(),
        s.groupId(),
        s.name(),
        s.prefecture(),
        s.county(),
        s.setting(),
        s.createdAt());
  }

  List<School> schools(Connection c, Optional<UUID> groupId) throws SQLException {
    if (groupId.isPresent()) {
      return Sql.list(
          c,
          "select " + SCHOOL_COLUMNS + " from school where group_id = ?" + SCHOOL_ORDER,
          DirectoryStore::school,
          groupId.get());
    }
    return Sql.list(
        c, "select " + SCHOOL_COLUMNS + " from school" + SCHOOL_ORDER, DirectoryStore::school);
  }

  Optional<School> school(Connection c, UUID id) throws SQLException {
    return Sql.one(
        c, "select " + SCHOOL_COLUMNS + " from school where id = ?", DirectoryStore::school, id);
  }

  Optional<School> schoolByName(Connection c, String name) throws SQLException {
    return Sql.one(
        c,
        "select " + SCHOOL_COLUMNS + " from school where name = ?",
        DirectoryStore::school,
        name);
  }

  private static School school(ResultSet rs) throws SQLException {
    return new School(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "group_id"),
        rs.getString("name"),
        rs.getString("prefecture"),
        rs.getString("county"),
        SchoolSetting.valueOf(rs.getString("setting").toUpperCase(Locale.ROOT)),
        Sql.instant(rs, "created_at"));
  }

  // --- classrooms

  private static final String CLASSROOM_COLUMNS = "id, school_id, name, kind, capacity, created_at";

  void insertClassroom(Connection c, Classroom r) throws SQLException {
    Sql.update(
        c,
        "insert into classroom (" + CLASSROOM_COLUMNS + ") values (?, ?, ?, ?, ?, ?)",
        r.id(),
        r.schoolId(),
        r.name(),
        r.kind(),
        r.capacity(),
        r.createdAt());
  }

  List<Classroom> classrooms(Connection c, UUID schoolId) throws SQLException {
    return Sql.list(
        c,
        "select " + CLASSROOM_COLUMNS + " from classroom where school_id = ? order by kind, name",
        DirectoryStore::classroom,
        schoolId);
  }

  private static Classroom classroom(ResultSet rs) throws SQLException {
    return new Classroom(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "school_id"),
        rs.getString("name"),
        ClassroomKind.valueOf(rs.getString("kind").toUpperCase(Locale.ROOT)),
        rs.getInt("capacity"),
        Sql.instant(rs, "created_at"));
  }

  // --- classes and members

  private static final String CLASS_COLUMNS = "id, school_id, name, grade, language, created_at";

  void insertClass(Connection c, SchoolClass k) throws SQLException {
    Sql.update(
        c,
        "insert into school_class (" + CLASS_COLUMNS + ") values (?, ?, ?, ?, ?, ?)",
        k.id(),
        k.schoolId(),
        k.name(),
        k.grade(),
        k.language(),
        k.createdAt());
  }

  List<SchoolClass> classes(Connection c, UUID schoolId) throws SQLException {
    return Sql.list(
        c,
        "select " + CLASS_COLUMNS + " from school_class where school_id = ? order by grade, name",
        DirectoryStore::schoolClass,
        schoolId);
  }

  Optional<SchoolClass> schoolClass(Connection c, UUID id) throws SQLException {
    return Sql.one(
        c,
        "select " + CLASS_COLUMNS + " from school_class where id = ?",
        DirectoryStore::schoolClass,
        id);
  }

  Optional<SchoolClass> classByName(Connection c, UUID schoolId, String name) throws SQLException {
    return Sql.one(
        c,
        "select " + CLASS_COLUMNS + " from school_class where school_id = ? and name = ?",
        DirectoryStore::schoolClass,
        schoolId,
        name);
  }

  List<SchoolClass> classesOf(Connection c, UUID userId) throws SQLException {
    return Sql.list(
        c,
        "select k.id, k.school_id, k.name, k.grade, k.language, k.created_at"
            + " from school_class k join class_member m on m.class_id = k.id"
            + " where m.user_id = ? order by k.grade, k.name",
        DirectoryStore::schoolClass,
        userId);
  }

  /**
   * Adds a member unless present; true when a row was added. One statement, so two requests adding
   * the same member at once cannot both insert (H2 in PostgreSQL mode knows ON CONFLICT).
   */
  boolean addMember(Connection c, UUID classId, UUID userId, Instant now) throws SQLException {
    return Sql.update(
            c,
            "insert into class_member (class_id, user_id, created_at) values (?, ?, ?)"
                + " on conflict do nothing",
            classId,
            userId,
            now)
        == 1;
  }

  List<UUID> memberIds(Connection c, UUID classId) throws SQLException {
    return Sql.list(
        c,
        "select user_id from class_member where class_id = ? order by created_at, user_id",
        rs -> Sql.uuid(rs, "user_id"),
        classId);
  }

  private static SchoolClass schoolClass(ResultSet rs) throws SQLException {
    return new SchoolClass(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "school_id"),
        rs.getString("name"),
        rs.getInt("grade"),
        TeachingLanguage.valueOf(rs.getString("language").toUpperCase(Locale.ROOT)),
        Sql.instant(rs, "created_at"));
  }
}
