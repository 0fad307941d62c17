package org.classbridge.coverage;

import java.time.Clock;
import java.util.List;
import org.classbridge.http.Feature;
import org.classbridge.http.RouteSpec;
import org.classbridge.sql.Database;

/**
 * Curriculum coverage (开齐开足): the plan per term, local teaching per class, and the coverage matrix
 * of a group or school against what synchronous sessions delivered.
 */
public final class CoverageFeature implements Feature {
  private final CoverageRoutes routes;
  private final CoverageService service;

  public CoverageFeature(Database db, CoverageSources sources, Clock clock) {
    this.service = new CoverageService(db, sources, clock);
    this.routes = new CoverageRoutes(service);
  }

  /**
   * Demo data: each receiving class of the group teaches itself what the term's plan asks, except
   * {@code lacking} subjects of its school (no teacher for them); classes that already have local
   * teaching are left alone.
   *
   * @return how many classes were filled in
   */
  public io.vertx.core.Future<Integer> seedLocalTeaching(
      java.util.UUID termId,
      java.util.Map<java.util.UUID, java.util.Set<org.classbridge.common.Subject>>
          lackingBySchool) {
    return service.seedLocalTeaching(termId, lackingBySchool);
  }

  @Override
  public List<RouteSpec> routes() {
    return routes.routes();
  }
}
