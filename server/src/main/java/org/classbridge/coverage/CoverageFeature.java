package org.classbridge.coverage;

import java.time.Clock;
import java.util.List;
import org.classbridge.http.Feature;
import org.classbridge.http.RouteSpec;
import org.classbridge.sql.Database;
import org.classbridge.sql.Tx;

/**
 * Curriculum coverage (开齐开足): the plan per term, local teaching per class, and the coverage matrix
 * of a group or school against what synchronous sessions delivered.
 */
public final class CoverageFeature implements Feature {
  private final CoverageRoutes routes;
  private final CoverageService service;

  private final Database db;
  private final Clock clock;

  public CoverageFeature(Database db, CoverageSources sources, Clock clock) {
    this.db = db;
    this.clock = clock;
    this.service = new CoverageService(db, sources, clock);
    this.routes =
        new CoverageRoutes(
            service,
            new GapProposals(db, new CoverageStore(), sources, service, clock),
            new EvidenceService(sources));
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

  /**
   * Demo data: what the demo teachers teach (only for teachers who have said nothing yet).
   *
   * @return how many teachers were filled in
   */
  public io.vertx.core.Future<Integer> seedTeachingSubjects(
      java.util.Map<java.util.UUID, java.util.Set<org.classbridge.common.Subject>> byTeacher) {
    CoverageStore store = new CoverageStore();
    return db.transaction(
        tx -> {
          int n = 0;
          for (var e : byTeacher.entrySet()) {
            if (store.subjectsOf(tx, e.getKey()).isEmpty()) {
              store.putSubjects(
                  tx, e.getKey(), e.getValue(), CoverageService.SEED_AUTHOR, Tx.now(clock));
              n++;
            }
          }
          return n;
        });
  }

  @Override
  public List<RouteSpec> routes() {
    return routes.routes();
  }
}
