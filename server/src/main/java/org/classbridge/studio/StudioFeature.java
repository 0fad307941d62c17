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

  public StudioFeature(Database db, StudioSources sources, Clock clock) {
    this.db = db;
    this.store = new StudioStore();
    Studios studios = new Studios(db, store, sources, clock);
    this.routes =
        new StudioRoutes(
            studios,
            new LessonPlans(db, store, studios, sources, clock),
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

  @Override
  public List<RouteSpec> routes() {
    return routes.routes();
  }
}
