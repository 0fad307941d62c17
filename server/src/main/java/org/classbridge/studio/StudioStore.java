package org.classbridge.studio;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.common.Subject;
import org.classbridge.common.Wire;
import org.classbridge.sql.Sql;
import org.classbridge.sql.Tx;

/** The studio tables: studios, members, lesson plans, their versions and comments. */
final class StudioStore {
  /** A studio (名师工作室). */
  record Studio(
      UUID id,
      UUID groupId,
      String name,
      Subject subject,
      String stage,
      UUID leadId,
      Optional<String> termPlan,
      List<String> rubric,
      Instant createdAt,
      int version) {}

  record Member(UUID userId, Instant addedAt) {}

  /** A lesson plan under preparation (or published, once final). */
  record Plan(
      UUID id,
      UUID studioId,
      String title,
      Optional<String> titleBo,
      UUID teacherId,
      Optional<Integer> grade,
      Optional<UUID> nodeId,
      int latest,
      Optional<Integer> finalVersion,
      Optional<UUID> resourceId,
      UUID createdBy,
      Instant createdAt) {}

  record Version(
      int number, PlanContent content, Optional<String> note, UUID authorId, Instant createdAt) {}

  record Comment(
      UUID id,
      int version,
      PlanContent.Section section,
      PlanContent.Lang lang,
      int paragraph,
      Optional<UUID> parentId,
      UUID authorId,
      String body,
      Instant createdAt,
      Optional<Instant> resolvedAt) {}

  // --- studios

  private static final String STUDIO =
      "select id, group_id, name, subject, stage, lead_id, term_plan, rubric, created_at, version"
          + " from studio";

  private static Studio studio(ResultSet rs) throws SQLException {
    return new Studio(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "group_id"),
        rs.getString("name"),
        Wire.require(Subject.class, rs.getString("subject")),
        rs.getString("stage"),
        Sql.uuid(rs, "lead_id"),
        Optional.ofNullable(rs.getString("term_plan")),
        List.of(rs.getString("rubric").split(",")),
        Sql.instant(rs, "created_at"),
        rs.getInt("version"));
  }

  void insert(Tx c, Studio s, UUID by) throws SQLException {
    c.update(
        "insert into studio (id, group_id, name, subject, stage, lead_id, term_plan, rubric,"
            + " created_by, created_at, version) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 0)",
        s.id(),
        s.groupId(),
        s.name(),
        Wire.id(s.subject()),
        s.stage(),
        s.leadId(),
        s.termPlan().orElse(null),
        String.join(",", s.rubric()),
        by,
        s.createdAt());
  }

  Optional<Studio> studio(Tx c, UUID id) throws SQLException {
    return c.one(STUDIO + " where id = ?", StudioStore::studio, id);
  }

  boolean nameTaken(Tx c, UUID groupId, String name) throws SQLException {
    return c.count("select count(*) from studio where group_id = ? and name = ?", groupId, name)
        > 0;
  }

  List<Studio> ofGroup(Tx c, UUID groupId) throws SQLException {
    return c.list(STUDIO + " where group_id = ? order by name", StudioStore::studio, groupId);
  }

  List<Studio> all(Tx c) throws SQLException {
    return c.list(STUDIO + " order by name", StudioStore::studio);
  }

  /** Studios someone leads or belongs to. */
  List<Studio> of(Tx c, UUID userId) throws SQLException {
    return c.list(
        STUDIO
            + " where lead_id = ? or id in (select studio_id from studio_member where user_id = ?)"
            + " order by name",
        StudioStore::studio,
        userId,
        userId);
  }

  int updateTermPlan(Tx c, UUID id, Optional<String> plan, int expected) throws SQLException {
    return c.update(
        "update studio set term_plan = ?, version = version + 1 where id = ? and version = ?",
        plan.orElse(null),
        id,
        expected);
  }

  List<Member> members(Tx c, UUID studioId) throws SQLException {
    return c.list(
        "select user_id, added_at from studio_member where studio_id = ? order by added_at",
        rs -> new Member(Sql.uuid(rs, "user_id"), Sql.instant(rs, "added_at")),
        studioId);
  }

  boolean isMember(Tx c, UUID studioId, UUID userId) throws SQLException {
    return c.count(
            "select count(*) from studio_member where studio_id = ? and user_id = ?",
            studioId,
            userId)
        > 0;
  }

  void addMember(Tx c, UUID studioId, UUID userId, UUID by, Instant at) throws SQLException {
    c.update(
        "insert into studio_member (studio_id, user_id, added_by, added_at) values (?, ?, ?, ?)",
        studioId,
        userId,
        by,
        at);
  }

  int removeMember(Tx c, UUID studioId, UUID userId) throws SQLException {
    return c.update(
        "delete from studio_member where studio_id = ? and user_id = ?", studioId, userId);
  }

  // --- plans

  private static final String PLAN =
      "select id, studio_id, title, title_bo, teacher_id, grade, node_id, latest, final_version,"
          + " resource_id, created_by, created_at from lesson_plan";

  private static Plan plan(ResultSet rs) throws SQLException {
    return new Plan(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "studio_id"),
        rs.getString("title"),
        Optional.ofNullable(rs.getString("title_bo")),
        Sql.uuid(rs, "teacher_id"),
        Optional.ofNullable(rs.getObject("grade", Integer.class)),
        Optional.ofNullable(rs.getString("node_id")).map(UUID::fromString),
        rs.getInt("latest"),
        Optional.ofNullable(rs.getObject("final_version", Integer.class)),
        Optional.ofNullable(rs.getString("resource_id")).map(UUID::fromString),
        Sql.uuid(rs, "created_by"),
        Sql.instant(rs, "created_at"));
  }

  void insert(Tx c, Plan p, PlanContent first) throws SQLException {
    c.update(
        "insert into lesson_plan (id, studio_id, title, title_bo, teacher_id, grade, node_id,"
            + " latest, created_by, created_at) values (?, ?, ?, ?, ?, ?, ?, 1, ?, ?)",
        p.id(),
        p.studioId(),
        p.title(),
        p.titleBo().orElse(null),
        p.teacherId(),
        p.grade().orElse(null),
        p.nodeId().orElse(null),
        p.createdBy(),
        p.createdAt());
    insertVersion(c, p.id(), 1, first, Optional.of("created"), p.createdBy(), p.createdAt());
  }

  Optional<Plan> plan(Tx c, UUID id) throws SQLException {
    return c.one(PLAN + " where id = ?", StudioStore::plan, id);
  }

  List<Plan> plans(Tx c, UUID studioId) throws SQLException {
    return c.list(PLAN + " where studio_id = ? order by created_at", StudioStore::plan, studioId);
  }

  void insertVersion(
      Tx c, UUID planId, int n, PlanContent content, Optional<String> note, UUID by, Instant at)
      throws SQLException {
    c.update(
        "insert into lesson_plan_version (plan_id, number, content, note, author_id, created_at)"
            + " values (?, ?, ?, ?, ?, ?)",
        planId,
        n,
        content.toJson().encode(),
        note.orElse(null),
        by,
        at);
  }

  /** Moves the plan to version {@code n} if it is still at {@code n - 1} (else 0: edited since). */
  int advance(Tx c, UUID planId, int n) throws SQLException {
    return c.update(
        "update lesson_plan set latest = ? where id = ? and latest = ? and final_version is null",
        n,
        planId,
        n - 1);
  }

  Optional<Version> version(Tx c, UUID planId, int n) throws SQLException {
    return c.one(
        "select number, content, note, author_id, created_at from lesson_plan_version"
            + " where plan_id = ? and number = ?",
        rs ->
            new Version(
                rs.getInt("number"),
                PlanContent.fromJson(rs.getString("content")),
                Optional.ofNullable(rs.getString("note")),
                Sql.uuid(rs, "author_id"),
                Sql.instant(rs, "created_at")),
        planId,
        n);
  }

  /** Every version's number, author, time and note (not the content). */
  List<Version> history(Tx c, UUID planId) throws SQLException {
    return c.list(
        "select number, note, author_id, created_at from lesson_plan_version where plan_id = ?"
            + " order by number",
        rs ->
            new Version(
                rs.getInt("number"),
                PlanContent.empty(),
                Optional.ofNullable(rs.getString("note")),
                Sql.uuid(rs, "author_id"),
                Sql.instant(rs, "created_at")),
        planId);
  }

  int markFinal(Tx c, UUID planId, int n) throws SQLException {
    return c.update(
        "update lesson_plan set final_version = ? where id = ? and final_version is null"
            + " and latest >= ?",
        n,
        planId,
        n);
  }

  void published(Tx c, UUID planId, UUID resourceId) throws SQLException {
    c.update("update lesson_plan set resource_id = ? where id = ?", resourceId, planId);
  }

  void unmarkFinal(Tx c, UUID planId) throws SQLException {
    c.update(
        "update lesson_plan set final_version = null where id = ? and resource_id is null", planId);
  }

  // --- comments

  /** A plan's comments as threads: each comment (oldest first) followed by its replies. */
  List<Comment> comments(Tx c, UUID planId) throws SQLException {
    List<Comment> all = rows(c, planId);
    java.util.Map<UUID, List<Comment>> replies = new java.util.HashMap<>();
    List<Comment> out = new java.util.ArrayList<>();
    for (Comment k : all) {
      if (k.parentId().isPresent()) {
        replies.computeIfAbsent(k.parentId().get(), x -> new java.util.ArrayList<>()).add(k);
      }
    }
    for (Comment k : all) {
      if (k.parentId().isEmpty()) {
        out.add(k);
        out.addAll(replies.getOrDefault(k.id(), List.of()));
      }
    }
    return out;
  }

  private List<Comment> rows(Tx c, UUID planId) throws SQLException {
    return c.list(
        "select id, version, section, lang, paragraph, parent_id, author_id, body, created_at,"
            + " resolved_at from lesson_plan_comment where plan_id = ? order by created_at, id",
        rs ->
            new Comment(
                Sql.uuid(rs, "id"),
                rs.getInt("version"),
                PlanContent.Section.of(rs.getString("section")),
                PlanContent.Lang.of(rs.getString("lang")),
                rs.getInt("paragraph"),
                Optional.ofNullable(rs.getString("parent_id")).map(UUID::fromString),
                Sql.uuid(rs, "author_id"),
                rs.getString("body"),
                Sql.instant(rs, "created_at"),
                Optional.ofNullable(Sql.instant(rs, "resolved_at"))),
        planId);
  }

  void insert(Tx c, UUID planId, Comment k) throws SQLException {
    c.update(
        "insert into lesson_plan_comment (id, plan_id, version, section, lang, paragraph,"
            + " parent_id, author_id, body, created_at) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        k.id(),
        planId,
        k.version(),
        k.section().id,
        k.lang().id,
        k.paragraph(),
        k.parentId().orElse(null),
        k.authorId(),
        k.body(),
        k.createdAt());
  }

  int resolve(Tx c, UUID planId, UUID commentId, Instant at) throws SQLException {
    return c.update(
        "update lesson_plan_comment set resolved_at = ? where id = ? and plan_id = ?"
            + " and resolved_at is null",
        at,
        commentId,
        planId);
  }

  // --- colleagues

  /** Everyone who shares a studio with {@code userId} (leads and members), themself included. */
  java.util.Set<UUID> colleagues(Tx c, UUID userId) throws SQLException {
    java.util.Set<UUID> out = new java.util.HashSet<>();
    out.add(userId);
    for (Studio s : of(c, userId)) {
      out.add(s.leadId());
      members(c, s.id()).forEach(m -> out.add(m.userId()));
    }
    return out;
  }

  /**
   * The criteria of the studios {@code a} and {@code b} are both in (lead or member), in the order
   * first named; empty when they share none.
   */
  List<String> sharedRubric(Tx c, UUID a, UUID b) throws SQLException {
    java.util.Set<UUID> mine = new java.util.HashSet<>();
    of(c, a).forEach(s -> mine.add(s.id()));
    java.util.LinkedHashSet<String> out = new java.util.LinkedHashSet<>();
    for (Studio s : of(c, b)) {
      if (mine.contains(s.id())) {
        out.addAll(s.rubric());
      }
    }
    return List.copyOf(out);
  }

  /** The leads of the studios {@code userId} is in. */
  java.util.Set<UUID> leadsOf(Tx c, UUID userId) throws SQLException {
    java.util.Set<UUID> out = new java.util.HashSet<>();
    of(c, userId).forEach(s -> out.add(s.leadId()));
    return out;
  }

  // --- recordings and critique

  record Recording(UUID resourceId, UUID sessionId, UUID teacherId, Instant createdAt) {}

  void insert(Tx c, Recording r) throws SQLException {
    c.update(
        "insert into session_recording (resource_id, session_id, teacher_id, created_at)"
            + " values (?, ?, ?, ?)",
        r.resourceId(),
        r.sessionId(),
        r.teacherId(),
        r.createdAt());
  }

  Optional<Recording> recording(Tx c, UUID resourceId) throws SQLException {
    return c.one(
        "select resource_id, session_id, teacher_id, created_at from session_recording"
            + " where resource_id = ?",
        StudioStore::recording,
        resourceId);
  }

  List<Recording> recordingsOf(Tx c, UUID sessionId) throws SQLException {
    return c.list(
        "select resource_id, session_id, teacher_id, created_at from session_recording"
            + " where session_id = ? order by created_at",
        StudioStore::recording,
        sessionId);
  }

  private static Recording recording(ResultSet rs) throws SQLException {
    return new Recording(
        Sql.uuid(rs, "resource_id"),
        Sql.uuid(rs, "session_id"),
        Sql.uuid(rs, "teacher_id"),
        Sql.instant(rs, "created_at"));
  }

  record Critique(
      UUID id,
      UUID authorId,
      int atSecond,
      Optional<String> criterion,
      Optional<Integer> score,
      String body,
      Instant createdAt) {}

  void insert(Tx c, UUID resourceId, Critique k) throws SQLException {
    c.update(
        "insert into lesson_critique (id, resource_id, author_id, at_second, criterion, score,"
            + " body, created_at) values (?, ?, ?, ?, ?, ?, ?, ?)",
        k.id(),
        resourceId,
        k.authorId(),
        k.atSecond(),
        k.criterion().orElse(null),
        k.score().orElse(null),
        k.body(),
        k.createdAt());
  }

  List<Critique> critiques(Tx c, UUID resourceId) throws SQLException {
    return c.list(
        "select id, author_id, at_second, criterion, score, body, created_at from lesson_critique"
            + " where resource_id = ? order by at_second, created_at, id",
        rs ->
            new Critique(
                Sql.uuid(rs, "id"),
                Sql.uuid(rs, "author_id"),
                rs.getInt("at_second"),
                Optional.ofNullable(rs.getString("criterion")),
                Optional.ofNullable(rs.getObject("score", Integer.class)),
                rs.getString("body"),
                Sql.instant(rs, "created_at")),
        resourceId);
  }

  record Summary(UUID authorId, String body, Instant updatedAt) {}

  Optional<Summary> summary(Tx c, UUID resourceId) throws SQLException {
    return c.one(
        "select author_id, body, updated_at from lesson_critique_summary where resource_id = ?",
        rs ->
            new Summary(
                Sql.uuid(rs, "author_id"), rs.getString("body"), Sql.instant(rs, "updated_at")),
        resourceId);
  }

  void putSummary(Tx c, UUID resourceId, Summary s) throws SQLException {
    if (c.update(
            "update lesson_critique_summary set author_id = ?, body = ?, updated_at = ?"
                + " where resource_id = ?",
            s.authorId(),
            s.body(),
            s.updatedAt(),
            resourceId)
        == 0) {
      c.update(
          "insert into lesson_critique_summary (resource_id, author_id, body, updated_at)"
              + " values (?, ?, ?, ?)",
          resourceId,
          s.authorId(),
          s.body(),
          s.updatedAt());
    }
  }
}
