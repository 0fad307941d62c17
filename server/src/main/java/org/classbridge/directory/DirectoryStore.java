package org.classbridge.directory;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
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
 * RosterStore}'s). Updates compare the version the caller read and bump it, in one statement.
 */
final class DirectoryStore {

  // --- education groups

  private static final String GROUP_COLUMNS =
      "id, name, name_bo, lead_school_id, created_at, version";

  void insertGroup(Tx c, EducationGroup g) throws SQLException {
    c.update(
        "insert into education_group (id, name, name_bo, created_at) values (?, ?, ?, ?)",
        g.id(),
        g.name(),
        g.nameBo().orElse(null),
        g.createdAt());
  }

  List<EducationGroup> groups(Tx c) throws SQLException {
    return c.list(
        "select " + GROUP_COLUMNS + " from education_group order by name", DirectoryStore::group);
  }

  Optional<EducationGroup> group(Tx c, UUID id) throws SQLException {
    return c.one(
        "select " + GROUP_COLUMNS + " from education_group where id = ?",
        DirectoryStore::group,
        id);
  }

  Optional<EducationGroup> lockGroup(Tx c, UUID id) throws SQLException {
    return c.one(
        "select " + GROUP_COLUMNS + " from education_group where id = ? for update",
        DirectoryStore::group,
        id);
  }

  Optional<EducationGroup> groupByName(Tx c, String name) throws SQLException {
    return c.one(
        "select " + GROUP_COLUMNS + " from education_group where name = ?",
        DirectoryStore::group,
        name);
  }

  int updateGroup(Tx c, EducationGroup g, int expectedVersion, Instant now) throws SQLException {
    return c.update(
        "update education_group set name = ?, name_bo = ?, lead_school_id = ?,"
            + " version = version + 1, updated_at = ? where id = ? and version = ?",
        g.name(),
        g.nameBo().orElse(null),
        g.leadSchoolId().orElse(null),
        now,
        g.id(),
        expectedVersion);
  }

  private static EducationGroup group(ResultSet rs) throws SQLException {
    return new EducationGroup(
        Sql.uuid(rs, "id"),
        rs.getString("name"),
        Optional.ofNullable(rs.getString("name_bo")),
        Optional.ofNullable(Sql.uuid(rs, "lead_school_id")),
        Sql.instant(rs, "created_at"),
        rs.getInt("version"));
  }

  // --- schools

  private static final String SCHOOL_COLUMNS =
      "id, group_id, name, name_bo, prefecture, county, setting, record_pupils, created_at,"
          + " version";

  /** The teaching (urban) schools first, then those that receive. */
  private static final String SCHOOL_ORDER =
      " order by case setting when 'urban' then 0 when 'rural' then 1 else 2 end, name";

  void insertSchool(Tx c, School s) throws SQLException {
    c.update(
        "insert into school (id, group_id, name, name_bo, prefecture, county, setting,"
            + " record_pupils, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        s.id(),
        s.groupId(),
        s.name(),
        s.nameBo().orElse(null),
        s.prefecture(),
        s.county(),
        s.setting(),
        s.recordPupils(),
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

  Optional<School> lockSchool(Tx c, UUID id) throws SQLException {
    return c.one(
        "select " + SCHOOL_COLUMNS + " from school where id = ? for update",
        DirectoryStore::school,
        id);
  }

  Optional<School> schoolByName(Tx c, String name) throws SQLException {
    return c.one(
        "select " + SCHOOL_COLUMNS + " from school where name = ?", DirectoryStore::school, name);
  }

  List<School> schoolsByNames(Tx c, List<String> names) throws SQLException {
    List<School> out = new ArrayList<>();
    for (List<String> chunk : Sql.chunks(names)) {
      out.addAll(
          c.list(
              "select "
                  + SCHOOL_COLUMNS
                  + " from school where name in ("
                  + Sql.marks(chunk)
                  + ") or name_bo in ("
                  + Sql.marks(chunk)
                  + ")",
              DirectoryStore::school,
              concat(chunk, chunk)));
    }
    return out;
  }

  private static Object[] concat(List<?> a, List<?> b) {
    List<Object> all = new ArrayList<>(a);
    all.addAll(b);
    return all.toArray();
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

  int updateSchool(Tx c, School s, int expectedVersion, Instant now) throws SQLException {
    return c.update(
        "update school set name = ?, name_bo = ?, prefecture = ?, county = ?, setting = ?,"
            + " record_pupils = ?, version = version + 1, updated_at = ? where id = ? and version = ?",
        s.name(),
        s.nameBo().orElse(null),
        s.prefecture(),
        s.county(),
        s.setting(),
        s.recordPupils(),
        now,
        s.id(),
        expectedVersion);
  }

  private static School school(ResultSet rs) throws SQLException {
    return new School(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "group_id"),
        rs.getString("name"),
        Optional.ofNullable(rs.getString("name_bo")),
        rs.getString("prefecture"),
        rs.getString("county"),
        Wire.require(SchoolSetting.class, rs.getString("setting")),
        rs.getBoolean("record_pupils"),
        Sql.instant(rs, "created_at"),
        rs.getInt("version"));
  }

  // --- classrooms

  private static final String CLASSROOM_COLUMNS =
      "id, school_id, name, name_bo, kind, capacity, reception, uplink_kbps, created_at,"
          + " retired_at, version";

  void insertClassroom(Tx c, Classroom r) throws SQLException {
    c.update(
        "insert into classroom (id, school_id, name, name_bo, kind, capacity, reception,"
            + " uplink_kbps, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        r.id(),
        r.schoolId(),
        r.name(),
        r.nameBo().orElse(null),
        r.kind(),
        r.capacity(),
        r.reception().orElse(null),
        r.uplinkKbps().orElse(null),
        r.createdAt());
  }

  List<Classroom> classrooms(Tx c, UUID schoolId, boolean withRetired) throws SQLException {
    return c.list(
        "select "
            + CLASSROOM_COLUMNS
            + " from classroom where school_id = ?"
            + (withRetired ? "" : " and retired_at is null")
            + " order by kind, name",
        DirectoryStore::classroom,
        schoolId);
  }

  List<Classroom> classroomsOfSchools(Tx c, List<UUID> schoolIds) throws SQLException {
    List<Classroom> out = new ArrayList<>();
    for (List<UUID> chunk : Sql.chunks(schoolIds)) {
      out.addAll(
          c.list(
              "select "
                  + CLASSROOM_COLUMNS
                  + " from classroom where retired_at is null and school_id in ("
                  + Sql.marks(chunk)
                  + ") order by kind, name",
              DirectoryStore::classroom,
              chunk.toArray()));
    }
    return out;
  }

  List<Classroom> classroomsByIds(Tx c, List<UUID> ids) throws SQLException {
    List<Classroom> out = new ArrayList<>();
    for (List<UUID> chunk : Sql.chunks(ids)) {
      out.addAll(
          c.list(
              "select "
                  + CLASSROOM_COLUMNS
                  + " from classroom where id in ("
                  + Sql.marks(chunk)
                  + ")",
              DirectoryStore::classroom,
              chunk.toArray()));
    }
    return out;
  }

  List<School> schoolsByIds(Tx c, List<UUID> ids) throws SQLException {
    List<School> out = new ArrayList<>();
    for (List<UUID> chunk : Sql.chunks(ids)) {
      out.addAll(
          c.list(
              "select " + SCHOOL_COLUMNS + " from school where id in (" + Sql.marks(chunk) + ")",
              DirectoryStore::school,
              chunk.toArray()));
    }
    return out;
  }

  Optional<Classroom> classroom(Tx c, UUID id, boolean lock) throws SQLException {
    return c.one(
        "select "
            + CLASSROOM_COLUMNS
            + " from classroom where id = ?"
            + (lock ? " for update" : ""),
        DirectoryStore::classroom,
        id);
  }

  int updateClassroom(Tx c, Classroom r, int expectedVersion, Instant now) throws SQLException {
    return c.update(
        "update classroom set name = ?, name_bo = ?, kind = ?, capacity = ?, reception = ?,"
            + " uplink_kbps = ?, retired_at = ?, version = version + 1, updated_at = ?"
            + " where id = ? and version = ?",
        r.name(),
        r.nameBo().orElse(null),
        r.kind(),
        r.capacity(),
        r.reception().orElse(null),
        r.uplinkKbps().orElse(null),
        r.retiredAt().orElse(null),
        now,
        r.id(),
        expectedVersion);
  }

  int deleteClassroom(Tx c, UUID id) throws SQLException {
    return c.update("delete from classroom where id = ?", id);
  }

  private static Optional<Integer> uplink(ResultSet rs) throws SQLException {
    int kbps = rs.getInt("uplink_kbps");
    return rs.wasNull() ? Optional.empty() : Optional.of(kbps);
  }

  private static Classroom classroom(ResultSet rs) throws SQLException {
    return new Classroom(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "school_id"),
        rs.getString("name"),
        Optional.ofNullable(rs.getString("name_bo")),
        Wire.require(ClassroomKind.class, rs.getString("kind")),
        rs.getInt("capacity"),
        Optional.ofNullable(rs.getString("reception")).map(r -> Wire.require(Reception.class, r)),
        uplink(rs),
        Sql.instant(rs, "created_at"),
        Optional.ofNullable(Sql.instant(rs, "retired_at")),
        rs.getInt("version"));
  }

  // --- classes

  private static final String CLASS_COLUMNS =
      "id, school_id, name, name_bo, grade, language, created_at, retired_at, version";

  private static final String CLASS_COLUMNS_K =
      "k.id, k.school_id, k.name, k.name_bo, k.grade, k.language, k.created_at, k.retired_at,"
          + " k.version";

  void insertClass(Tx c, SchoolClass k) throws SQLException {
    c.update(
        "insert into school_class (id, school_id, name, name_bo, grade, language, created_at)"
            + " values (?, ?, ?, ?, ?, ?, ?)",
        k.id(),
        k.schoolId(),
        k.name(),
        k.nameBo().orElse(null),
        k.grade(),
        k.language(),
        k.createdAt());
  }

  List<SchoolClass> classes(Tx c, UUID schoolId, boolean withRetired) throws SQLException {
    return c.list(
        "select "
            + CLASS_COLUMNS
            + " from school_class where school_id = ?"
            + (withRetired ? "" : " and retired_at is null")
            + " order by grade, name",
        DirectoryStore::schoolClass,
        schoolId);
  }

  Optional<SchoolClass> schoolClass(Tx c, UUID id, boolean lock) throws SQLException {
    return c.one(
        "select " + CLASS_COLUMNS + " from school_class where id = ?" + (lock ? " for update" : ""),
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
        "select "
            + CLASS_COLUMNS_K
            + " from school_class k join class_member m on m.class_id = k.id"
            + " where m.user_id = ? and k.retired_at is null order by k.grade, k.name",
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
        "select "
            + CLASS_COLUMNS_K
            + ", s.group_id from school_class k join school s on s.id = k.school_id"
            + " where k.id = ?",
        rs -> new SchoolDirectory.ClassInGroup(schoolClass(rs), Sql.uuid(rs, "group_id")),
        classId);
  }

  int updateClass(Tx c, SchoolClass k, int expectedVersion, Instant now) throws SQLException {
    return c.update(
        "update school_class set school_id = ?, name = ?, name_bo = ?, grade = ?, language = ?,"
            + " retired_at = ?, version = version + 1, updated_at = ? where id = ? and version = ?",
        k.schoolId(),
        k.name(),
        k.nameBo().orElse(null),
        k.grade(),
        k.language(),
        k.retiredAt().orElse(null),
        now,
        k.id(),
        expectedVersion);
  }

  int deleteClass(Tx c, UUID id) throws SQLException {
    return c.update("delete from school_class where id = ?", id);
  }

  long memberCount(Tx c, UUID classId) throws SQLException {
    return c.count("select count(*) from class_member where class_id = ?", classId);
  }

  private static SchoolClass schoolClass(ResultSet rs) throws SQLException {
    return new SchoolClass(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "school_id"),
        rs.getString("name"),
        Optional.ofNullable(rs.getString("name_bo")),
        rs.getInt("grade"),
        Wire.require(TeachingLanguage.class, rs.getString("language")),
        Sql.instant(rs, "created_at"),
        Optional.ofNullable(Sql.instant(rs, "retired_at")),
        rs.getInt("version"));
  }
}
