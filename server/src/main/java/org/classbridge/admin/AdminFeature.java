package org.classbridge.admin;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.time.Clock;
import java.util.List;
import org.classbridge.audit.AuditLog;
import org.classbridge.auth.AccountAdmin;
import org.classbridge.auth.AccountService;
import org.classbridge.blob.BlobStore;
import org.classbridge.directory.ClassRoster;
import org.classbridge.directory.SchoolDirectory;
import org.classbridge.http.Feature;
import org.classbridge.http.RouteSpec;
import org.classbridge.sql.Database;

/** Account administration and the CSV roll import: the feature's entry class. */
public final class AdminFeature implements Feature {
  private final AccountRoutes routes;
  private final ImportJobs jobs;
  private final AccountImport importer;
  private final WorkerExecutor io;

  public AdminFeature(
      Vertx vertx,
      Database db,
      BlobStore blobs,
      AccountService accounts,
      AccountAdmin accountAdmin,
      SchoolDirectory directory,
      ClassRoster roster,
      AuditLog audit,
      AdminConfig config,
      Clock clock) {
    this.importer = new AccountImport(vertx, db, accounts, directory, roster);
    // blob reads and writes of import files and reports, off the event loop
    this.io = vertx.createSharedWorkerExecutor("classbridge-import-io", 2);
    this.jobs = new ImportJobs(db, blobs, io, vertx.eventBus(), config.jobLease(), clock);
    AccountChanges changes = new AccountChanges(db, accountAdmin, roster);
    this.routes = new AccountRoutes(accounts, accountAdmin, changes, jobs, new AuditRoutes(audit));
  }

  @Override
  public List<RouteSpec> routes() {
    return routes.routes();
  }

  /** One import worker per node: imports queued on any node run on some node. */
  @Override
  public List<VerticleSpec> verticles() {
    return List.of(
        new VerticleSpec(
            "import-worker",
            () -> new ImportWorker(jobs, importer, jobs.lease().toMillis() / 4),
            1,
            Start.ONCE_SERVING));
  }

  @Override
  public void close() {
    io.close();
  }
}
