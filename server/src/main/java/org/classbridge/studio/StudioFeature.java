package org.classbridge.studio;

import java.time.Clock;
import java.util.List;
import org.classbridge.http.Feature;
import org.classbridge.http.RouteSpec;
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
            new TeacherRecord(db, store, sources));
  }

  /**
   * The teachers {@code userId} shares a studio with (not themself): whose classes they may observe
   * (听课).
   */
  public io.vertx.core.Future<java.util.Set<java.util.UUID>> colleaguesOf(java.util.UUID userId) {
    return db.read(
        c -> {
          java.util.Set<java.util.UUID> out = store.colleagues(c, userId);
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
  public io.vertx.core.Future<Integer> seed(
      org.classbridge.identity.Principal coordinator,
      org.classbridge.identity.Principal lead,
      java.util.Map<String, org.classbridge.identity.Principal> authors,
      io.vertx.core.json.JsonObject seed) {
    return studios
        .list(coordinator)
        .compose(
            existing -> {
              boolean there =
                  existing.getJsonArray("items").stream()
                      .anyMatch(
                          o ->
                              ((io.vertx.core.json.JsonObject) o)
                                  .getString("name")
                                  .equals(seed.getString("name")));
              if (there) {
                return io.vertx.core.Future.succeededFuture(0);
              }
              io.vertx.core.json.JsonObject body =
                  new io.vertx.core.json.JsonObject()
                      .put("name", seed.getString("name"))
                      .put("subject", seed.getString("subject"))
                      .put("stage", seed.getString("stage"))
                      .put("leadId", lead.userId().toString())
                      .put("termPlan", seed.getString("termPlan"));
              return studios
                  .create(coordinator, body)
                  .compose(
                      made -> {
                        java.util.UUID id = java.util.UUID.fromString(made.getString("id"));
                        io.vertx.core.Future<Void> done = io.vertx.core.Future.succeededFuture();
                        for (Object m : seed.getJsonArray("members")) {
                          done =
                              done.compose(
                                  v ->
                                      studios
                                          .addMember(
                                              lead,
                                              id,
                                              new io.vertx.core.json.JsonObject()
                                                  .put("username", (String) m))
                                          .mapEmpty());
                        }
                        for (Object o : seed.getJsonArray("plans")) {
                          io.vertx.core.json.JsonObject plan = (io.vertx.core.json.JsonObject) o;
                          done = done.compose(v -> seedPlan(lead, authors, id, plan));
                        }
                        return done.map(v -> 1);
                      });
            });
  }

  private io.vertx.core.Future<Void> seedPlan(
      org.classbridge.identity.Principal lead,
      java.util.Map<String, org.classbridge.identity.Principal> authors,
      java.util.UUID studio,
      io.vertx.core.json.JsonObject plan) {
    io.vertx.core.json.JsonObject body = plan.copy();
    io.vertx.core.json.JsonArray comments = (io.vertx.core.json.JsonArray) body.remove("comments");
    return plans
        .create(lead, studio, body)
        .compose(
            made -> {
              java.util.UUID id = java.util.UUID.fromString(made.getString("id"));
              io.vertx.core.Future<Void> done = io.vertx.core.Future.succeededFuture();
              for (Object o : comments == null ? new io.vertx.core.json.JsonArray() : comments) {
                io.vertx.core.json.JsonObject c = ((io.vertx.core.json.JsonObject) o).copy();
                org.classbridge.identity.Principal author =
                    authors.get((String) c.remove("author"));
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
