package org.classbridge.studio;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.classbridge.http.Feature;
import org.classbridge.http.RouteSpec;
import org.classbridge.identity.Principal;
import org.classbridge.sql.Database;

/** 名师工作室: studios of a lead teacher and members, and the lesson plans they prepare together. */
public final class StudioFeature implements Feature {
  private final StudioRoutes routes;
  private final Database db;
  private final StudioStore store;
  private final Studios studios;
  private final LessonPlans plans;

  public StudioFeature(Database db, StudioSources sources, Clock clock) {
    this.db = db;
    this.store = new StudioStore();
    this.studios = new Studios(db, store, sources, clock);
    this.plans = new LessonPlans(db, store, studios, sources, clock);
    this.routes =
        new StudioRoutes(
            studios,
            plans,
            new Recordings(db, store, sources, clock),
            new Observations(db, store, sources, clock),
            new TeacherRecord(db, store, sources),
            new ResearchSessions(db, store, studios, sources));
  }

  /**
   * The teachers {@code userId} shares a studio with (not themself): whose classes they may observe
   * (听课).
   */
  public Future<Set<UUID>> colleaguesOf(UUID userId) {
    return db.read(
        c -> {
          Set<UUID> out = store.colleagues(c, userId);
          out.remove(userId);
          return out;
        });
  }

  /**
   * Demo data through the same rules as the API: a studio made by {@code coordinator} (skipped when
   * the group has one of that name), its members, and lesson plans with comments. Bodies as the API
   * takes them; {@code seed} holds {name, subject, stage, termPlan, members: [username], plans:
   * [{title, titleBo, grade, content, comments: [{author, section, lang, paragraph, body}]}]}, with
   * the lead and authors already resolved to principals by the caller.
   *
   * @return 1 when the studio was made, 0 when it was there already
   */
  public Future<Integer> seed(
      Principal coordinator, Principal lead, Map<String, Principal> authors, JsonObject seed) {
    return studios
        .list(coordinator)
        .compose(
            existing -> {
              boolean there =
                  existing.getJsonArray("items").stream()
                      .anyMatch(
                          o -> ((JsonObject) o).getString("name").equals(seed.getString("name")));
              if (there) {
                return Future.succeededFuture(0);
              }
              JsonObject body =
                  new JsonObject()
                      .put("name", seed.getString("name"))
                      .put("subject", seed.getString("subject"))
                      .put("stage", seed.getString("stage"))
                      .put("leadId", lead.userId().toString())
                      .put("termPlan", seed.getString("termPlan"));
              return studios
                  .create(coordinator, body)
                  .compose(
                      made -> {
                        UUID id = UUID.fromString(made.getString("id"));
                        Future<Void> done = Future.succeededFuture();
                        for (Object m : seed.getJsonArray("members")) {
                          done =
                              done.compose(
                                  v ->
                                      studios
                                          .addMember(
                                              lead,
                                              id,
                                              new JsonObject().put("username", (String) m))
                                          .mapEmpty());
                        }
                        for (Object o : seed.getJsonArray("plans")) {
                          JsonObject plan = (JsonObject) o;
                          done = done.compose(v -> seedPlan(lead, authors, id, plan));
                        }
                        return done.map(v -> 1);
                      });
            });
  }

  private Future<Void> seedPlan(
      Principal lead, Map<String, Principal> authors, UUID studio, JsonObject plan) {
    JsonObject body = plan.copy();
    JsonArray comments = (JsonArray) body.remove("comments");
    return plans
        .create(lead, studio, body)
        .compose(
            made -> {
              UUID id = UUID.fromString(made.getString("id"));
              Future<Void> done = Future.succeededFuture();
              for (Object o : comments == null ? new JsonArray() : comments) {
                JsonObject c = ((JsonObject) o).copy();
                Principal author = authors.get((String) c.remove("author"));
                c.put("version", made.getInteger("version"));
                done = done.compose(v -> plans.comment(author, id, c).mapEmpty());
              }
              return done;
            });
  }

  @Override
  public List<RouteSpec> routes() {
    return routes.routes();
  }
}
