package org.classbridge.studio;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.classbridge.common.Problem;
import org.classbridge.identity.Principal;
import org.classbridge.identity.Role;
import org.classbridge.sql.Database;
import org.classbridge.sql.Sql;
import org.classbridge.sql.Tx;

/**
 * Observation (听课): notes the teacher's studio colleagues (and the group's coordinators) take while
 * they watch a live class as silent observers, each at the moment of the class it was written and
 * against the critique rubric. The observers, the teacher and the coordinators read them; pupils
 * never reach the routes.
 */
final class Observations {
  /** Notes may still be finished this long after the class ends. */
  static final Duration AFTER = Duration.ofHours(1);

  private final Database db;
  private final StudioStore store;
  private final StudioSources sources;
  private final Clock clock;

  Observations(Database db, StudioStore store, StudioSources sources, Clock clock) {
    this.db = db;
    this.store = store;
    this.sources = sources;
    this.clock = clock;
  }

  private record Allowed(
      StudioSources.SessionInfo session, boolean observer, List<String> rubric) {}

  /** The session, if {@code p} may read its notes; {@code observer} if they may write one. */
  private Future<Allowed> allowed(Principal p, UUID sessionId) {
    return sources
        .session(p, sessionId)
        .compose(
            s ->
                db.read(
                        c ->
                            Map.entry(
                                store.colleagues(c, s.teacherId()),
                                Recordings.rubricOf(
                                    store.sharedRubric(c, p.userId(), s.teacherId()))))
                    .map(
                        found -> {
                          Set<UUID> colleagues = found.getKey();
                          boolean coordinator =
                              p.role() == Role.ADMIN
                                  || (p.role() == Role.COORDINATOR
                                      && p.groupId().equals(Optional.of(s.groupId())));
                          boolean teacher = p.userId().equals(s.teacherId());
                          boolean colleague = colleagues.contains(p.userId()) && !teacher;
                          if (!coordinator && !teacher && !colleague) {
                            throw Problem.forbidden(
                                "forbidden",
                                "the teacher, their studio colleagues and the coordinators read"
                                    + " observation notes");
                          }
                          return new Allowed(s, coordinator || colleague, found.getValue());
                        }));
  }

  Future<JsonObject> list(Principal viewer, UUID sessionId) {
    @SuppressWarnings("unchecked")
    List<String>[] rubric = new List[1];
    return allowed(viewer, sessionId)
        .compose(
            a -> {
              rubric[0] = a.rubric();
              return db.read(
                  c ->
                      c.list(
                          "select id, author_id, at_second, criterion, score, body, created_at"
                              + " from observation_note where session_id = ?"
                              + " order by at_second, created_at, id",
                          rs ->
                              new StudioStore.Critique(
                                  Sql.uuid(rs, "id"),
                                  Sql.uuid(rs, "author_id"),
                                  rs.getInt("at_second"),
                                  Optional.ofNullable(rs.getString("criterion")),
                                  Optional.ofNullable(rs.getObject("score", Integer.class)),
                                  rs.getString("body"),
                                  Sql.instant(rs, "created_at")),
                          sessionId));
            })
        .compose(
            notes -> {
              Set<UUID> ids = new HashSet<>();
              notes.forEach(n -> ids.add(n.authorId()));
              return sources
                  .people(ids)
                  .map(
                      people -> {
                        JsonArray items = new JsonArray();
                        for (StudioStore.Critique n : notes) {
                          items.add(
                              new JsonObject()
                                  .put("id", n.id().toString())
                                  .put("author", Studios.person(people.get(n.authorId())))
                                  .put("atSecond", n.atSecond())
                                  .put("criterion", n.criterion().orElse(null))
                                  .put("score", n.score().orElse(null))
                                  .put("body", n.body()));
                        }
                        return new JsonObject()
                            .put("sessionId", sessionId.toString())
                            .put("rubric", new JsonArray(new ArrayList<>(rubric[0])))
                            .put("items", items);
                      });
            });
  }

  Future<JsonObject> note(Principal actor, UUID sessionId, JsonObject body) {
    for (String f : body.fieldNames()) {
      if (!Set.of("criterion", "score", "body").contains(f)) {
        throw Problem.invalid("unknown-field", "no field " + f);
      }
    }
    List<Problem.FieldError> errors = new ArrayList<>();
    String text = Studios.text(body, "body", 4000, true, errors);
    Scored scored = Scored.read(body, errors);
    if (!errors.isEmpty()) {
      throw Problem.validation(errors);
    }
    return allowed(actor, sessionId)
        .compose(
            a -> {
              if (!a.observer()) {
                throw Problem.forbidden("forbidden", "observers take observation notes");
              }
              scored.requireIn(a.rubric());
              Instant now = clock.instant();
              if (!a.session().booked()
                  || now.isBefore(a.session().startsAt())
                  || now.isAfter(a.session().endsAt().plus(AFTER))) {
                throw Problem.conflict(
                    "not-in-class", "notes are taken while the class is on (and an hour after)");
              }
              int at =
                  (int)
                      Math.min(
                          Duration.between(a.session().startsAt(), now).getSeconds(),
                          Duration.between(a.session().startsAt(), a.session().endsAt())
                              .getSeconds());
              return db.transaction(
                  c -> {
                    c.update(
                        "insert into observation_note (id, session_id, author_id, at_second,"
                            + " criterion, score, body, created_at)"
                            + " values (?, ?, ?, ?, ?, ?, ?, ?)",
                        UUID.randomUUID(),
                        sessionId,
                        actor.userId(),
                        at,
                        scored.criterion().orElse(null),
                        scored.score().orElse(null),
                        text,
                        Tx.now(clock));
                    return null;
                  });
            })
        .compose(x -> list(actor, sessionId));
  }
}
