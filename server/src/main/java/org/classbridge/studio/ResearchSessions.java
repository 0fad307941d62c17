package org.classbridge.studio;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.classbridge.common.Problem;
import org.classbridge.identity.Principal;
import org.classbridge.sql.Database;

/**
 * A studio's live research sessions (在线教研): teachers only, booked in the timetable through its one
 * conflict-free path (so no lead, colleague or room is in a class at the same time) and held in the
 * same live room as a class. The lead and the group's coordinators book them; whoever sees the
 * studio sees them.
 */
final class ResearchSessions {
  private final Database db;
  private final StudioStore store;
  private final Studios studios;
  private final StudioSources sources;

  ResearchSessions(Database db, StudioStore store, Studios studios, StudioSources sources) {
    this.db = db;
    this.store = store;
    this.studios = studios;
    this.sources = sources;
  }

  Future<JsonObject> book(Principal actor, UUID studioId, JsonObject body) {
    return db.read(
            c -> {
              StudioStore.Studio s = studios.visible(c, actor, studioId);
              if (!Studios.manages(actor, s)) {
                throw Problem.forbidden(
                    "forbidden",
                    "the studio's lead and the group's coordinators book its sessions");
              }
              Set<UUID> members = new HashSet<>();
              store.members(c, s.id()).forEach(m -> members.add(m.userId()));
              return new StudioSources.ResearchStudio(
                  s.id(), s.groupId(), s.subject(), s.leadId(), members);
            })
        .compose(studio -> sources.bookResearch(actor, studio, body));
  }

  /** The studio's research sessions in a term, cancelled ones included. */
  Future<JsonObject> list(Principal actor, UUID studioId, UUID termId) {
    return db.read(c -> studios.visible(c, actor, studioId))
        .compose(
            s ->
                sources
                    .term(actor, termId)
                    .compose(
                        t -> {
                          if (!t.groupId().equals(s.groupId())) {
                            throw Problem.notFound("term-not-found", "no term " + termId);
                          }
                          return sources.researchSessions(s.id(), t.firstDay(), t.lastDay());
                        }))
        .map(list -> new JsonObject().put("sessions", new JsonArray(list)));
  }
}
