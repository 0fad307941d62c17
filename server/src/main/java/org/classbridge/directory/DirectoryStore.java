package org.classbridge.directory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.common.Wire;
import org.classbridge.sql.Sql;
import org.classbridge.sql.Tx;

/**
 * The SQL of the school directory: the only code that touches {@code education_group}, {@code
 * school}, {@code classroom} and {@code school_class} ({@code class_member} is {@link
 * RosterStore}'s).
 */
final class DirectoryStore {

  // --- education groups

  void insertGroup(Tx c, EducationGroup g) throws SQLException {
    c.update(
        "insert into education_group (id, name, created_at) values (?, ?, ?)",
        g.id(),
        g.name(),
        g.createdAt());
  }

  List<EducationGroup> groups(Tx c) throws SQLException {
    return c.list(
        "select id, name, created_at from education_group order by name", DirectoryStore::group);
  }

  Optional<EducationGroup> group(Tx c, UUID id) throws SQLException {
    return c.one(
        "select id, name, created_at from education_group where id = ?", DirectoryStore::group, id);
  }

  Optional<EducationGroup> groupByName(Tx c, String name) throws SQLException {
    return c.one(
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

  void insertSchool(Tx c, School s) throws SQLException {
    c.update(
        "insert into school (" + SCHOOL_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?)",
        s.id(),
        s.groupId(),
        s.name(),
        s.prefecture(),
        s.county(),
        s.setting(),
        s.createdAt());
  }

  List<School> schools(Tx c, Optional<UUID> groupId) throws SQLException {
    if (groupId.isPresent()) {
      return c.list(
          "select " + SCHOOL_COLUMNS + " from school where group_id = ?" + SCHOOL_ORDER,
          DirectoryStore::school,
          groupId.get());
    }
    return c.list(
        "select " + SCHOOL_COLUMNS + " from school" + SCHOOL_ORDER, DirectoryStore::school);
  }

  Optional<School> school(Tx c, UUID id) throws SQLException {
    return c.one(
        "select " + SCHOOL_COLUMNS + " from school where id = ?", DirectoryStore::school, id);
  }

  Optional<School> schoolByName(Tx c, String name) throws SQLException {
    return c.one(
        "select " + SCHOOL_COLUMNS + " from school where name = ?", DirectoryStore::school, name);
  }

  private static School school(ResultSet rs) throws SQLException {
    return new School(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "group_id"),
        rs.getString("name"),
        rs.getString("prefecture"),
        rs.getString("county"),
        Wire.require(SchoolSetting.class, rs.getString("setting")),
        Sql.instant(rs, "created_at"));
  }

  // --- classrooms

  private static final String CLASSROOM_COLUMNS = "id, school_id, name, kind, capacity, created_at";

  void insertClassroom(Tx c, Classroom r) throws SQLException {
    c.update(
        "insert into classroom (" + CLASSROOM_COLUMNS + ") values (?, ?, ?, ?, ?, ?)",
        r.id(),
        r.schoolId(),
        r.name(),
        r.kind(),
        r.capacity(),
        r.createdAt());
  }

  List<Classroom> classrooms(Tx c, UUID schoolId) throws SQLException {
    return c.list(
        "select " + CLASSROOM_COLUMNS + " from classroom where school_id = ? order by kind, name",
        DirectoryStore::classroom,
        schoolId);
  }

  private static Classroom classroom(ResultSet rs) throws SQLException {
    return new Classroom(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "school_id"),
        rs.getString("name"),
        Wire.require(ClassroomKind.class, rs.getString("kind")),
        rs.getInt("capacity"),
        Sql.instant(rs, "created_at"));
  }

  // --- classes and members

  private static final String CLASS_COLUMNS = "id, school_id, name, grade, language, created_at";

  void insertClass(Tx c, SchoolClass k) throws SQLException {
    c.update(
        "insert into school_class (" + CLASS_COLUMNS + ") values (?, ?, ?, ?, ?, ?)",
        k.id(),
        k.schoolId(),
        k.name(),
        k.grade(),
        k.language(),
        k.createdAt());
  }

  List<SchoolClass> classes(Tx c, UUID schoolId) throws SQLException {
    return c.list(
        "select " + CLASS_COLUMNS + " from school_class where school_id = ? order by grade, name",
        DirectoryStore::schoolClass,
        schoolId);
  }

  Optional<SchoolClass> schoolClass(Tx c, UUID id) throws SQLException {
    return c.one(
        "select " + CLASS_COLUMNS + " from school_class where id = ?",
        DirectoryStore::schoolClass,
        id);
  }

  Optional<SchoolClass> classByName(Tx c, UUID schoolId, String name) throws SQLException {
    return c.one(
        "select " + CLASS_COLUMNS + " from school_class where school_id = ? and name = ?",
        DirectoryStore::schoolClass,
        schoolId,
        name);
  }

  List<SchoolClass> classesOf(Tx c, UUID userId) throws SQLException {
    return c.list(
        "select k.id, k.school_id, k.name, k.grade, k.language, k.created_at"
            + " from school_class k join class_member m on m.class_id = k.id"
            + " where m.user_id = ? order by k.grade, k.name",
        DirectoryStore::schoolClass,
        userId);
  }

  List<SchoolClass> classesByIds(Tx c, List<UUID> ids) throws SQLException {
    List<SchoolClass> out = new ArrayList<>();
    for (List<UUID> chunk : Sql.chunks(ids)) {
      out.addAll(
          c.list(
              "select "
                  + CLASS_COLUMNS
                  + " from school_class where id in ("
                  + Sql.marks(chunk)
                  + ")",
              DirectoryStore::schoolClass,
              chunk.toArray()));
    }
    return out;
  }

  List<School> schoolsByNames(Tx c, List<String> names) throws SQLException {
    List<School> out = new ArrayList<>();
    for (List<String> chunk : Sql.chunks(names)) {
      out.addAll(
          c.list(
              "select " + SCHOOL_COLUMNS + " from school where name in (" + Sql.marks(chunk) + ")",
              DirectoryStore::school,
              chunk.toArray()));
    }
    return out;
  }

  List<SchoolClass> classesOfSchools(Tx c, List<UUID> schoolIds) throws SQLException {
    List<SchoolClass> out = new ArrayList<>();
    for (List<UUID> chunk : Sql.chunks(schoolIds)) {
      out.addAll(
          c.list(
              "select "
                  + CLASS_COLUMNS
                  + " from school_class where school_id in ("
                  + Sql.marks(chunk)
                  + ")",
              DirectoryStore::schoolClass,
              chunk.toArray()));
    }
    return out;
  }

  Optional<SchoolDirectory.ClassInGroup> classInGroup(Tx c, UUID classId) throws SQLException {
    return c.one(
        "select k.id, k.school_id, k.name, k.grade, k.language, k.created_at, s.group_id"
            + " from school_class k join school s on s.id = k.school_id where k.id = ?",
        rs -> new SchoolDirectory.ClassInGroup(schoolClass(rs), Sql.uuid(rs, "group_id")),
        classId);
  }

  Set<UUID> existingSchoolIds(Tx c, List<UUID> ids) throws SQLException {
    Set<UUID> out = new HashSet<>();
    for (List<UUID> chunk : Sql.chunks(ids)) {
      out.addAll(
          c.list(
              "select id from school where id in (" + Sql.marks(chunk) + ")",
              rs -> Sql.uuid(rs, "id"),
              chunk.toArray()));
    }
    return out;
  }

  private static SchoolClass schoolClass(ResultSet rs) throws SQLException {
    return new SchoolClass(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "school_id"),
        rs.getString("name"),
        rs.getInt("grade"),
        Wire.require(TeachingLanguage.class, rs.getString("language")),
        Sql.instant(rs, "created_at"));
  }
}
