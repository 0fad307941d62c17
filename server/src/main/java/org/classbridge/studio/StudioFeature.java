package org.classbridge.studio;

import java.time.Clock;
import java.util.List;
import org.classbridge.http.Feature;
import org.classbridge.http.RouteSpec;
import org.classbridge.sql.Database;

/** 名师工作室: studios of a lead teacher and members, and the lesson plans they prepare together. */
public final class StudioFeature implements Feature {
  private final StudioRoutes routes;

  public StudioFeature(Database db, StudioSources sources, Clock clock) {
    StudioStore store = new StudioStore();
    Studios studios = new Studios(db, store, sources, clock);
    this.routes =
        new StudioRoutes(
            studios,
            new LessonPlans(db, store, studios, sources, clock),
            new Recordings(db, store, sources, clock));
  }

  @Override
  public List<RouteSpec> routes() {
    return routes.routes();
  }
}
