package org.classbridge.admin;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.util.concurrent.atomic.AtomicInteger;
import org.classbridge.common.Problem;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs queued roll imports, one at a time per node (the password hashing already uses the bulk
 * pool's threads). Woken when a job is queued on any node, and looking every few seconds anyway,
 * for jobs queued while it was down and jobs whose node died mid-run.
 */
final class ImportWorker extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ImportWorker.class);

  /** How often it looks for work it was not woken for. */
  static final long POLL_MS = 3000;

  private final ImportJobs jobs;
  private final AccountImport importer;
  private final long renewMs;
  private boolean busy;

  /**
   * @param renewMs how often a running job's lease is renewed (well inside the lease)
   */
  ImportWorker(ImportJobs jobs, AccountImport importer, long renewMs) {
    this.jobs = jobs;
    this.importer = importer;
    this.renewMs = renewMs;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(POLL_MS, id -> next());
    vertx.setPeriodic(
        60_000,
        id ->
            jobs.expireReports()
                .onSuccess(n -> LOG.debug("{} import reports expired", n))
                .onFailure(e -> LOG.warn("expiring import reports failed: {}", e.toString())));
    return vertx
        .eventBus()
        .<String>consumer(ImportJobs.WAKE, m -> next())
        .completion()
        .onSuccess(v -> next());
  }

  private void next() {
    if (busy) {
      return;
    }
    busy = true;
    jobs.claim()
        .compose(
            job -> {
              if (job.isEmpty()) {
                return Future.succeededFuture(false);
              }
              return run(job.get()).map(true);
            })
        .onComplete(
            ran -> {
              busy = false;
              if (ran.failed()) {
                LOG.warn("import worker: {}", ran.cause().toString());
              } else if (ran.result()) {
                next(); // there may be more
              }
            });
  }

  private Future<Void> run(ImportJobs.Job job) {
    AtomicInteger progress = new AtomicInteger();
    long renewing =
        vertx.setPeriodic(
            renewMs,
            id ->
                jobs.renew(job.id(), progress.get())
                    .onFailure(
                        e -> LOG.warn("could not renew import {}: {}", job.id(), e.toString())));
    return jobs.input(job)
        .compose(csv -> importer.run(csv, job.dryRun(), progress::set))
        .compose(report -> jobs.finish(job, report))
        .recover(
            e -> {
              if (e instanceof Problem p) {
                return jobs.fail(job, p.code(), p.detail());
              }
              LOG.error("import {} failed", job.id(), e);
              return jobs.fail(job, "internal", "the import failed on the server");
            })
        .andThen(done -> vertx.cancelTimer(renewing));
  }
}
