package org.classbridge.audit;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.classbridge.identity.Principal;
import org.classbridge.sql.Database;
import org.classbridge.sql.Sql;
import org.classbridge.sql.Tx;

/**
 * Records administrative changes in the transaction that makes them, so the log and the data never
 * disagree: a change that rolls back leaves no entry, and no change is made without one.
 */
public final class AuditLog {
  /** Field names never written to the log, whatever a caller passes. */
  private static final Set<String> SECRET =
      Set.of("password", "passwordHash", "password_hash", "oneTimePassword", "initialPassword");

  /** Most entries one page returns. */
  public static final int PAGE_LIMIT = 200;

  private final Database db;
  private final Clock clock;

  public AuditLog(Database db, Clock clock) {
    this.db = db;
    this.clock = clock;
  }

  /** One entry: what was done, by whom, to what, and how the fields changed. */
  public record Event(
      UUID id,
      Instant at,
      Optional<UUID> actorId,
      String actorName,
      String action,
      String entityType,
      UUID entityId,
      Optional<UUID> groupId,
      JsonObject changes) {
    public Event {
      Objects.requireNonNull(at, "at");
      Objects.requireNonNull(actorName, "actorName");
      Objects.requireNonNull(action, "action");
      Objects.requireNonNull(entityType, "entityType");
      Objects.requireNonNull(entityId, "entityId");
      Objects.requireNonNull(changes, "changes");
    }

    public JsonObject toJson() {
      return new JsonObject()
          .put("id", id.toString())
          .put("at", at.toString())
          .put(
              "actor",
              new JsonObject()
                  .put("id", actorId.map(UUID::toString).orElse(null))
                  .put("name", actorName))
          .put("action", action)
          .put("entity", new JsonObject().put("type", entityType).put("id", entityId.toString()))
          .put("groupId", groupId.map(UUID::toString).orElse(null))
          .put("changes", changes);
    }
  }

  /**
   * The fields that differ between {@code before} and {@code after}, as {@code {field: {before,
   * after}}}; secret fields are left out. Either side may be null (created, deleted).
   */
  public static JsonObject diff(JsonObject before, JsonObject after) {
    JsonObject b = before == null ? new JsonObject() : before;
    JsonObject a = after == null ? new JsonObject() : after;
    JsonObject out = new JsonObject();
    Set<String> fields = new TreeSet<>(b.fieldNames());
    fields.addAll(a.fieldNames());
    for (String f : fields) {
      if (SECRET.contains(f)) {
        continue;
      }
      Object was = b.getValue(f);
      Object now = a.getValue(f);
      if (!Objects.equals(was, now)) {
        out.put(f, new JsonObject().put("before", was).put("after", now));
      }
    }
    return out;
  }

  /**
   * Records a change inside {@code tx}.
   *
   * @param groupId the education group the entity belongs to (what coordinators may read), or null
   *     for platform-wide things
   */
  public void record(
      Tx tx,
      Principal actor,
      String action,
      String entityType,
      UUID entityId,
      UUID groupId,
      JsonObject changes)
      throws SQLException {
    JsonObject safe = changes.copy();
    SECRET.forEach(safe::remove);
    tx.update(
        "insert into audit_event (id, at, actor_id, actor_name, action, entity_type, entity_id,"
            + " group_id, changes) values (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        UUID.randomUUID(),
        Tx.now(clock),
        actor.userId(),
        actor.username(),
        action,
        entityType,
        entityId,
        groupId,
        safe.encode());
  }

  /**
   * Entries newest first: every group's for an admin, their own group's for a coordinator,
   * optionally of one entity; {@code before} pages back in time.
   */
  public Future<List<Event>> read(
      Principal viewer, Optional<UUID> entityId, Optional<Instant> before, int limit) {
    StringBuilder sql =
        new StringBuilder(
            "select id, at, actor_id, actor_name, action, entity_type, entity_id, group_id,"
                + " changes from audit_event where 1 = 1");
    List<Object> params = new ArrayList<>();
    if (!viewer.canSeeAllGroups()) {
      sql.append(" and group_id = ?");
      params.add(viewer.groupId().orElseThrow());
    }
    entityId.ifPresent(
        id -> {
          sql.append(" and entity_id = ?");
          params.add(id);
        });
    before.ifPresent(
        t -> {
          sql.append(" and at < ?");
          params.add(t);
        });
    sql.append(" order by at desc, id limit ?");
    params.add(Math.min(Math.max(1, limit), PAGE_LIMIT));
    return db.read(tx -> tx.list(sql.toString(), AuditLog::event, params.toArray()));
  }

  private static Event event(java.sql.ResultSet rs) throws SQLException {
    return new Event(
        Sql.uuid(rs, "id"),
        Sql.instant(rs, "at"),
        Optional.ofNullable(Sql.uuid(rs, "actor_id")),
        rs.getString("actor_name"),
        rs.getString("action"),
        rs.getString("entity_type"),
        Sql.uuid(rs, "entity_id"),
        Optional.ofNullable(Sql.uuid(rs, "group_id")),
        new JsonObject(rs.getString("changes")));
  }

  /** Entries about or by one person, oldest first (the export of their data). */
  public List<Event> concerning(Tx tx, UUID person) throws SQLException {
    return tx.list(
        "select id, at, actor_id, actor_name, action, entity_type, entity_id, group_id, changes"
            + " from audit_event where entity_id = ? or actor_id = ? order by at, id",
        AuditLog::event,
        person,
        person);
  }

  /**
   * Inside an erasure's transaction: the log keeps that things happened, not to whom. Entries about
   * the person name the stand-in and lose their values; entries by the person lose the actor; any
   * other entry whose values mention the person (their id, or a name as a JSON string) loses its
   * values too.
   */
  public void scrub(Tx tx, UUID person, UUID standIn, List<String> names) throws SQLException {
    String erased = new JsonObject().put("erased", true).encode();
    tx.update(
        "update audit_event set entity_id = ?, changes = ? where entity_id = ?",
        standIn,
        erased,
        person);
    tx.update(
        "update audit_event set actor_id = null, actor_name = ? where actor_id = ?",
        "erased",
        person);
    tx.update(
        "update audit_event set changes = ? where changes like ?", erased, "%" + person + "%");
    for (String name : names) {
      // the name as a JSON string, quotes included: a name inside some other value stays
      String quoted = new io.vertx.core.json.JsonArray().add(name).encode();
      tx.update(
          "update audit_event set changes = ? where changes like ?",
          erased,
          "%" + likeLiteral(quoted.substring(1, quoted.length() - 1)) + "%");
    }
  }

  /** A text matched literally by LIKE (backslash is the escape of H2 and PostgreSQL alike). */
  private static String likeLiteral(String text) {
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }
}
