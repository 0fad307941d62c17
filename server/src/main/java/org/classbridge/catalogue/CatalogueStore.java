package org.classbridge.catalogue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.common.Subject;
import org.classbridge.common.Wire;
import org.classbridge.sql.Sql;
import org.classbridge.sql.Tx;

/** The catalogue's SQL, all of it: one text for H2 and PostgreSQL. */
final class CatalogueStore {
  private static final String COLUMNS =
      "id, group_id, school_id, teacher_id, kind, title, title_bo, description, description_bo,"
          + " languages, licence, stage, grade, subject, edition, volume, chapter, status,"
          + " visibility, duration_s, file_version, sha256, size_bytes, content_type, file_name,"
          + " created_at, node_id, version";

  void insert(Tx c, Resource r) throws SQLException {
    c.update(
        "insert into resource (id, group_id, school_id, teacher_id, kind, title, title_bo,"
            + " description, description_bo, languages, licence, stage, grade, subject, edition,"
            + " volume, chapter, status, visibility, duration_s, created_at, node_id, version)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        r.id(),
        r.groupId(),
        r.schoolId(),
        r.teacherId(),
        r.kind(),
        r.title(),
        r.titleBo().orElse(null),
        r.description().orElse(null),
        r.descriptionBo().orElse(null),
        String.join(",", r.languages()),
        r.licence(),
        r.stage(),
        r.grade().orElse(null),
        r.subject(),
        r.edition().orElse(null),
        r.volume().orElse(null),
        r.chapter().orElse(null),
        r.status(),
        r.visibility(),
        r.durationSeconds().orElse(null),
        r.createdAt(),
        r.nodeId().orElse(null));
  }

  /** Writes changed metadata and status over the version read; 0 when it moved on. */
  int update(Tx c, Resource r, int expectedVersion, Instant at) throws SQLException {
    return c.update(
        "update resource set kind = ?, title = ?, title_bo = ?, description = ?,"
            + " description_bo = ?, languages = ?, licence = ?, stage = ?, grade = ?, subject = ?,"
            + " edition = ?, volume = ?, chapter = ?, status = ?, visibility = ?, duration_s = ?,"
            + " node_id = ?,"
            + " published_at = case when ? = 'published' and published_at is null then ?"
            + " else published_at end, updated_at = ?, version = version + 1"
            + " where id = ? and version = ?",
        r.kind(),
        r.title(),
        r.titleBo().orElse(null),
        r.description().orElse(null),
        r.descriptionBo().orElse(null),
        String.join(",", r.languages()),
        r.licence(),
        r.stage(),
        r.grade().orElse(null),
        r.subject(),
        r.edition().orElse(null),
        r.volume().orElse(null),
        r.chapter().orElse(null),
        r.status(),
        r.visibility(),
        r.durationSeconds().orElse(null),
        r.nodeId().orElse(null),
        Wire.id(r.status()),
        at,
        at,
        r.id(),
        expectedVersion);
  }

  /** Makes {@code file} the resource's current file, keeping every earlier one as a version. */
  void attachFile(Tx c, UUID resourceId, Resource.ResourceFile file, UUID by, Instant at)
      throws SQLException {
    c.update(
        "insert into resource_file (resource_id, file_version, sha256, size_bytes, content_type,"
            + " file_name, uploaded_by, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
        resourceId,
        file.version(),
        file.sha256(),
        file.size(),
        file.contentType(),
        file.fileName().orElse(null),
        by,
        at);
    c.update(
        "update resource set file_version = ?, sha256 = ?, size_bytes = ?, content_type = ?,"
            + " file_name = ?, updated_at = ?, version = version + 1 where id = ?",
        file.version(),
        file.sha256(),
        file.size(),
        file.contentType(),
        file.fileName().orElse(null),
        at,
        resourceId);
  }

  Optional<Resource> resource(Tx c, UUID id, boolean lock) throws SQLException {
    return c.one(
        "select " + COLUMNS + " from resource where id = ?" + (lock ? " for update" : ""),
        CatalogueStore::resource,
        id);
  }

  /** Whether any resource's file, current or earlier, is this blob. */
  boolean blobInUse(Tx c, String sha256) throws SQLException {
    return c.count("select count(*) from resource_file where sha256 = ?", sha256) > 0;
  }

  /** Instant a file version was stored: the Last-Modified of its bytes. */
  Optional<Instant> fileCreated(Tx c, UUID resourceId, int fileVersion) throws SQLException {
    return c.one(
        "select created_at from resource_file where resource_id = ? and file_version = ?",
        rs -> Sql.instant(rs, "created_at"),
        resourceId,
        fileVersion);
  }

  List<Resource.ResourceFile> files(Tx c, UUID resourceId) throws SQLException {
    return c.list(
        "select file_version, sha256, size_bytes, content_type, file_name from resource_file"
            + " where resource_id = ? order by file_version",
        rs ->
            new Resource.ResourceFile(
                rs.getInt("file_version"),
                rs.getString("sha256"),
                rs.getLong("size_bytes"),
                rs.getString("content_type"),
                Optional.ofNullable(rs.getString("file_name"))),
        resourceId);
  }

  /**
   * Resources of {@code group} (any status) and public published ones of other groups, newest
   * first; the service filters what the viewer may see.
   */
  List<Resource> list(Tx c, Optional<UUID> group, ResourceFilter f, int limit, int offset)
      throws SQLException {
    StringBuilder where = new StringBuilder();
    List<Object> params = new ArrayList<>();
    if (group.isPresent()) {
      where.append(" (group_id = ? or (status = 'published' and visibility = 'public'))");
      params.add(group.get());
    } else {
      where.append(" 1 = 1");
    }
    f.subject().ifPresent(s -> add(where, params, "subject", s));
    f.grade().ifPresent(g -> add(where, params, "grade", g));
    f.stage().ifPresent(s -> add(where, params, "stage", s));
    f.kind().ifPresent(k -> add(where, params, "kind", k));
    f.status().ifPresent(s -> add(where, params, "status", s));
    f.teacher().ifPresent(t -> add(where, params, "teacher_id", t));
    f.node()
        .ifPresent(
            n -> {
              // a chapter finds its sections' resources too
              where.append(
                  " and (node_id = ? or node_id in (select id from curriculum_node where parent_id = ?))");
              params.add(n);
              params.add(n);
            });
    params.add(limit);
    params.add(offset);
    return c.list(
        "select "
            + COLUMNS
            + " from resource where"
            + where
            + " order by created_at desc, id limit ? offset ?",
        CatalogueStore::resource,
        params.toArray());
  }

  // --- for the search index

  /** A resource with what its index entry needs, minus the curriculum path. */
  record Indexable(
      Resource resource,
      String teacherName,
      String schoolName,
      Optional<Instant> publishedAt,
      long views) {}

  private static final String INDEXABLE =
      "select r.id, r.group_id, r.school_id, r.teacher_id, r.kind, r.title, r.title_bo,"
          + " r.description, r.description_bo, r.languages, r.licence, r.stage, r.grade,"
          + " r.subject, r.edition, r.volume, r.chapter, r.status, r.visibility, r.duration_s,"
          + " r.file_version, r.sha256, r.size_bytes, r.content_type, r.file_name, r.created_at,"
          + " r.node_id, r.version, r.published_at, u.display_name as teacher_name,"
          + " s.name as school_name,"
          + " (select count(*) from playback p where p.resource_id = r.id) as views"
          + " from resource r join app_user u on u.id = r.teacher_id"
          + " join school s on s.id = r.school_id";

  private static Indexable indexable(ResultSet rs) throws SQLException {
    return new Indexable(
        resource(rs),
        rs.getString("teacher_name"),
        rs.getString("school_name"),
        Optional.ofNullable(Sql.instant(rs, "published_at")),
        rs.getLong("views"));
  }

  List<Indexable> indexable(Tx c, List<UUID> ids) throws SQLException {
    List<Indexable> out = new ArrayList<>();
    for (List<UUID> chunk : Sql.chunks(ids)) {
      out.addAll(
          c.list(
              INDEXABLE + " where r.id in (" + Sql.marks(chunk) + ")",
              CatalogueStore::indexable,
              chunk.toArray()));
    }
    return out;
  }

  /**
   * Up to {@code limit} resources ordered by id, after {@code after} when given. The ids come first
   * from the primary key alone (an ordered index range), then their rows: with the joins in one
   * statement H2 sorts every remaining row for each page, and a rebuild goes quadratic.
   */
  List<Indexable> indexablePage(Tx c, Optional<UUID> after, int limit) throws SQLException {
    List<UUID> ids =
        after.isPresent()
            ? c.list(
                "select id from resource where id > ? order by id limit ?",
                rs -> Sql.uuid(rs, "id"),
                after.get(),
                limit)
            : c.list(
                "select id from resource order by id limit ?", rs -> Sql.uuid(rs, "id"), limit);
    // in the database's order of ids (not UUID.compareTo's, which differs): the caller pages on
    Map<UUID, Indexable> byId = new java.util.HashMap<>();
    indexable(c, ids).forEach(r -> byId.put(r.resource().id(), r));
    List<Indexable> rows = new ArrayList<>(ids.size());
    for (UUID id : ids) {
      Indexable r = byId.get(id);
      if (r != null) {
        rows.add(r);
      }
    }
    return rows;
  }

  /** Distinct viewers per resource, for the resources anybody played. */
  List<Map.Entry<UUID, Long>> views(Tx c) throws SQLException {
    return c.list(
        "select resource_id, count(*) as n from playback group by resource_id",
        rs -> Map.entry(Sql.uuid(rs, "resource_id"), rs.getLong("n")));
  }

  private static void add(StringBuilder where, List<Object> params, String column, Object value) {
    where.append(" and ").append(column).append(" = ?");
    params.add(value);
  }

  private static Resource resource(ResultSet rs) throws SQLException {
    int grade = rs.getInt("grade");
    Optional<Integer> g = rs.wasNull() ? Optional.empty() : Optional.of(grade);
    int duration = rs.getInt("duration_s");
    Optional<Integer> d = rs.wasNull() ? Optional.empty() : Optional.of(duration);
    String sha = rs.getString("sha256");
    Optional<Resource.ResourceFile> file =
        sha == null
            ? Optional.empty()
            : Optional.of(
                new Resource.ResourceFile(
                    rs.getInt("file_version"),
                    sha,
                    rs.getLong("size_bytes"),
                    rs.getString("content_type"),
                    Optional.ofNullable(rs.getString("file_name"))));
    return new Resource(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "group_id"),
        Sql.uuid(rs, "school_id"),
        Sql.uuid(rs, "teacher_id"),
        Wire.require(ResourceKind.class, rs.getString("kind")),
        rs.getString("title"),
        Optional.ofNullable(rs.getString("title_bo")),
        Optional.ofNullable(rs.getString("description")),
        Optional.ofNullable(rs.getString("description_bo")),
        Arrays.stream(rs.getString("languages").split(",")).filter(s -> !s.isEmpty()).toList(),
        rs.getString("licence"),
        Wire.require(Stage.class, rs.getString("stage")),
        g,
        Wire.require(Subject.class, rs.getString("subject")),
        Optional.ofNullable(rs.getString("edition")),
        Optional.ofNullable(rs.getString("volume")),
        Optional.ofNullable(rs.getString("chapter")),
        Wire.require(ResourceStatus.class, rs.getString("status")),
        Wire.require(Visibility.class, rs.getString("visibility")),
        d,
        file,
        Sql.instant(rs, "created_at"),
        Optional.ofNullable(Sql.uuid(rs, "node_id")),
        rs.getInt("version"));
  }

  // --- uploads

  record Upload(
      String id,
      String blobUpload,
      UUID resourceId,
      UUID ownerId,
      long length,
      Optional<String> fileName,
      Optional<String> sha256,
      Instant expiresAt) {}

  void insertUpload(Tx c, Upload u, Instant at) throws SQLException {
    c.update(
        "insert into resource_upload (id, blob_upload, resource_id, owner_id, length_bytes,"
            + " file_name, sha256, created_at, expires_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        u.id(),
        u.blobUpload(),
        u.resourceId(),
        u.ownerId(),
        u.length(),
        u.fileName().orElse(null),
        u.sha256().orElse(null),
        at,
        u.expiresAt());
  }

  private static Upload upload(ResultSet rs) throws SQLException {
    return new Upload(
        rs.getString("id"),
        rs.getString("blob_upload"),
        Sql.uuid(rs, "resource_id"),
        Sql.uuid(rs, "owner_id"),
        rs.getLong("length_bytes"),
        Optional.ofNullable(rs.getString("file_name")),
        Optional.ofNullable(rs.getString("sha256")),
        Sql.instant(rs, "expires_at"));
  }

  private static final String UPLOAD_COLUMNS =
      "id, blob_upload, resource_id, owner_id, length_bytes, file_name, sha256, expires_at";

  /** An upload still open (not expired at {@code now}; a finished one's row is gone). */
  Optional<Upload> openUpload(Tx c, String id, Instant now, boolean lock) throws SQLException {
    return c.one(
        "select "
            + UPLOAD_COLUMNS
            + " from resource_upload where id = ? and expires_at > ?"
            + (lock ? " for update" : ""),
        CatalogueStore::upload,
        id,
        now);
  }

  int deleteUpload(Tx c, String id) throws SQLException {
    return c.update("delete from resource_upload where id = ?", id);
  }

  /** Uploads that expired before {@code now}, or completed long ago, at most {@code limit}. */
  List<Upload> expiredUploads(Tx c, Instant now, int limit) throws SQLException {
    return c.list(
        "select "
            + UPLOAD_COLUMNS
            + " from resource_upload where expires_at <= ?"
            + " order by expires_at limit ?",
        CatalogueStore::upload,
        now,
        limit);
  }

  // --- playback

  record Progress(int positionSeconds, int watchedSeconds, int downloads) {}

  Optional<Progress> progress(Tx c, UUID resourceId, String viewer) throws SQLException {
    return c.one(
        "select position_s, watched_s, downloads from playback where resource_id = ? and viewer = ?",
        rs -> new Progress(rs.getInt("position_s"), rs.getInt("watched_s"), rs.getInt("downloads")),
        resourceId,
        viewer);
  }

  /** Records a position and adds watched seconds (and a download), creating the row once. */
  void recordProgress(
      Tx c,
      UUID resourceId,
      String viewer,
      Optional<UUID> school,
      int position,
      int watchedDelta,
      int downloadsDelta,
      Instant at)
      throws SQLException {
    c.update(
        "insert into playback (resource_id, viewer, school_id, position_s, watched_s, downloads,"
            + " updated_at) values (?, ?, ?, 0, 0, 0, ?) on conflict do nothing",
        resourceId,
        viewer,
        school.orElse(null),
        at);
    c.update(
        "update playback set position_s = ?, watched_s = watched_s + ?, downloads = downloads + ?,"
            + " updated_at = ? where resource_id = ? and viewer = ?",
        position,
        watchedDelta,
        downloadsDelta,
        at,
        resourceId,
        viewer);
  }

  /** Adds a pupil's seconds to their day of playback of a resource, opening the day once. */
  void recordPupilDay(
      Tx c, UUID resourceId, String viewer, UUID school, java.time.LocalDate day, int watched)
      throws SQLException {
    c.update(
        "insert into playback_day (resource_id, viewer, school_id, play_day, watched_s)"
            + " values (?, ?, ?, ?, 0) on conflict do nothing",
        resourceId,
        viewer,
        school,
        day);
    if (watched > 0) {
      c.update(
          "update playback_day set watched_s = watched_s + ? where resource_id = ? and viewer = ?"
              + " and play_day = ?",
          watched,
          resourceId,
          viewer,
          day);
    }
  }

  /** Per school: viewers, seconds watched and downloads of a resource. */
  record Usage(UUID schoolId, int viewers, long watchedSeconds, long downloads) {}

  List<Usage> usage(Tx c, UUID resourceId) throws SQLException {
    return c.list(
        "select school_id, count(*) as viewers, sum(watched_s) as watched, sum(downloads) as d"
            + " from playback where resource_id = ? and school_id is not null group by school_id",
        rs ->
            new Usage(
                Sql.uuid(rs, "school_id"),
                rs.getInt("viewers"),
                rs.getLong("watched"),
                rs.getLong("d")),
        resourceId);
  }

  // --- experiment packages

  record ExperimentFile(String path, String sha256, long size, String contentType) {}

  void insertEntries(Tx c, UUID resourceId, int fileVersion, List<ExperimentFile> files)
      throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    for (ExperimentFile f : files) {
      rows.add(
          new Object[] {resourceId, fileVersion, f.path(), f.sha256(), f.size(), f.contentType()});
    }
    c.batch(
        "insert into experiment_entry (resource_id, file_version, path, sha256, size_bytes,"
            + " content_type) values (?, ?, ?, ?, ?, ?)",
        rows);
  }

  Optional<ExperimentFile> entry(Tx c, UUID resourceId, int fileVersion, String path)
      throws SQLException {
    return c.one(
        "select path, sha256, size_bytes, content_type from experiment_entry"
            + " where resource_id = ? and file_version = ? and path = ?",
        rs ->
            new ExperimentFile(
                rs.getString("path"),
                rs.getString("sha256"),
                rs.getLong("size_bytes"),
                rs.getString("content_type")),
        resourceId,
        fileVersion,
        path);
  }

  /** Whether any experiment file is this blob. */
  boolean entryBlobInUse(Tx c, String sha256) throws SQLException {
    return c.count("select count(*) from experiment_entry where sha256 = ?", sha256) > 0;
  }

  // --- curriculum

  private static final String NODE_COLUMNS =
      "id, edition, subject, stage, grade, volume, parent_id, sort_order, title, title_bo";

  private static CurriculumNode node(ResultSet rs) throws SQLException {
    return new CurriculumNode(
        Sql.uuid(rs, "id"),
        rs.getString("edition"),
        Wire.require(Subject.class, rs.getString("subject")),
        Wire.require(Stage.class, rs.getString("stage")),
        rs.getInt("grade"),
        rs.getString("volume"),
        Optional.ofNullable(Sql.uuid(rs, "parent_id")),
        rs.getInt("sort_order"),
        rs.getString("title"),
        Optional.ofNullable(rs.getString("title_bo")));
  }

  long countNodes(Tx c) throws SQLException {
    return c.count("select count(*) from curriculum_node");
  }

  void insertNodes(Tx c, List<CurriculumNode> nodes) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    for (CurriculumNode n : nodes) {
      rows.add(
          new Object[] {
            n.id(),
            n.edition(),
            n.subject(),
            n.stage(),
            n.grade(),
            n.volume(),
            n.parentId().orElse(null),
            n.order(),
            n.title(),
            n.titleBo().orElse(null)
          });
    }
    c.batch(
        "insert into curriculum_node (" + NODE_COLUMNS + ") values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows);
  }

  Optional<CurriculumNode> node(Tx c, UUID id) throws SQLException {
    return c.one(
        "select " + NODE_COLUMNS + " from curriculum_node where id = ?", CatalogueStore::node, id);
  }

  List<CurriculumNode> nodes(Tx c, Optional<Subject> subject, Optional<Integer> grade)
      throws SQLException {
    List<Object> params = new ArrayList<>();
    StringBuilder where = new StringBuilder(" where 1 = 1");
    subject.ifPresent(
        s -> {
          where.append(" and subject = ?");
          params.add(s);
        });
    grade.ifPresent(
        g -> {
          where.append(" and grade = ?");
          params.add(g);
        });
    return c.list(
        "select "
            + NODE_COLUMNS
            + " from curriculum_node"
            + where
            + " order by subject, grade, volume, sort_order",
        CatalogueStore::node,
        params.toArray());
  }

  // --- courses

  List<UUID> courseLessons(Tx c, UUID courseId) throws SQLException {
    return c.list(
        "select lesson_id from course_lesson where course_id = ? order by sort_order",
        rs -> Sql.uuid(rs, "lesson_id"),
        courseId);
  }

  void replaceCourseLessons(Tx c, UUID courseId, List<UUID> lessons) throws SQLException {
    c.update("delete from course_lesson where course_id = ?", courseId);
    List<Object[]> rows = new ArrayList<>();
    for (int i = 0; i < lessons.size(); i++) {
      rows.add(new Object[] {courseId, i, lessons.get(i)});
    }
    if (!rows.isEmpty()) {
      c.batch(
          "insert into course_lesson (course_id, sort_order, lesson_id) values (?, ?, ?)", rows);
    }
    c.update("update resource set version = version + 1 where id = ?", courseId);
  }
}
