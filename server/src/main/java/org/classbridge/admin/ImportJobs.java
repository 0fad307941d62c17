package org.classbridge.admin;

import io.vertx.core.Future;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.blob.BlobStore;
import org.classbridge.common.Problem;
import org.classbridge.common.Wire;
import org.classbridge.identity.Principal;
import org.classbridge.sql.Database;
import org.classbridge.sql.Sql;
import org.classbridge.sql.Tx;

/**
 * Roll imports as background jobs: submitted at once (the POST answers 202 while a 2,000-row file
 * is still minutes of password hashing away), run by an {@link ImportWorker} on any node, and their
 * report kept for its owner for {@link #REPORT_TTL}. A job survives restarts: it is in the
 * database, claimed with a lease that its worker renews, and a job whose lease ran out (its node
 * died) is claimed again. The import commits all its rows at once at the end, so running a job
 * again after an interruption never applies half of it.
 */
final class ImportJobs {
  /** Wake-up for workers when a job is queued (they also look every few seconds). */
  static final String WAKE = "classbridge.import-jobs.queued";

  /** How long the report, with its one-time passwords, stays downloadable. */
  static final Duration REPORT_TTL = Duration.ofHours(24);

  /** Interrupted runs after which a job fails instead of being tried again. */
  static final int MAX_ATTEMPTS = 3;

  enum State {
    QUEUED,
    RUNNING,
    DONE,
    FAILED
  }

  record Job(
      UUID id,
      UUID ownerId,
      boolean dryRun,
      State state,
      String inputSha256,
      int rowsTotal,
      int progress,
      int attempts,
      Instant createdAt,
      Optional<Instant> finishedAt,
      Optional<String> reportSha256,
      Optional<Instant> reportExpires,
      Optional<JsonObject> summary,
      Optional<String> failureCode,
      Optional<String> failureDetail) {

    JsonObject toJson() {
      String base = "/api/v1/import-jobs/" + id;
      JsonObject o =
          new JsonObject()
              .put("id", id.toString())
              .put("url", base)
              .put("state", Wire.id(state))
              .put("dryRun", dryRun)
              .put("rows", rowsTotal)
              .put("progress", progress)
              .put("createdAt", createdAt.toString())
              .put("finishedAt", finishedAt.map(Instant::toString).orElse(null));
      summary.ifPresent(s -> o.put("summary", s));
      failureCode.ifPresent(
          c ->
              o.put(
                  "failure",
                  new JsonObject().put("code", c).put("detail", failureDetail.orElse(""))));
      if (reportSha256.isPresent()) {
        o.put("reportExpires", reportExpires.map(Instant::toString).orElse(null))
            .put(
                "links",
                new JsonObject()
                    .put("report", base + "/report")
                    .put("csv", base + "/report.csv")
                    .put("slips", base + "/slips"));
      }
      return o;
    }
  }

  private static final String COLUMNS =
      "id, owner_id, dry_run, state, input_sha256, rows_total, progress, attempts, created_at,"
          + " finished_at, report_sha256, report_expires, summary, failure_code, failure_detail";

  private final Database db;
  private final BlobStore blobs;
  private final WorkerExecutor io;
  private final EventBus eventBus;
  private final Clock clock;

  private final Duration lease;

  /**
   * @param lease how long a claimed job is a worker's before another may take it over
   */
  ImportJobs(
      Database db,
      BlobStore blobs,
      WorkerExecutor io,
      EventBus eventBus,
      Duration lease,
      Clock clock) {
    this.lease = lease;
    this.db = db;
    this.blobs = blobs;
    this.io = io;
    this.eventBus = eventBus;
    this.clock = clock;
  }

  /**
   * Checks the file as a whole (refusing it at once if it cannot be imported at all), keeps it in
   * the blob store and queues the job.
   */
  Future<Job> submit(Principal owner, byte[] csv, boolean dryRun) {
    record Kept(int rows, String sha256) {}
    return io.executeBlocking(
            () -> {
              int rows = AccountImport.rowsOf(csv);
              return new Kept(
                  rows, blobs.put(new ByteArrayInputStream(csv), Optional.empty()).sha256());
            },
            false)
        .compose(
            kept ->
                db.transaction(
                    tx -> {
                      UUID id = UUID.randomUUID();
                      Instant now = Tx.now(clock);
                      tx.update(
                          "insert into import_job (id, owner_id, owner_name, dry_run, state,"
                              + " input_sha256, rows_total, created_at) values"
                              + " (?, ?, ?, ?, ?, ?, ?, ?)",
                          id,
                          owner.userId(),
                          owner.username(),
                          dryRun,
                          State.QUEUED,
                          kept.sha256(),
                          kept.rows(),
                          now);
                      tx.afterCommit(() -> eventBus.publish(WAKE, id.toString()));
                      return byId(tx, id).orElseThrow();
                    }));
  }

  /** A job, for the person who submitted it; anyone else is told it does not exist. */
  Future<Job> get(Principal viewer, UUID id) {
    return db.read(tx -> byId(tx, id))
        .map(
            job ->
                job.filter(j -> j.ownerId().equals(viewer.userId()))
                    .orElseThrow(() -> Problem.notFound("job-not-found", "no import job " + id)));
  }

  /** The finished job's report (with the one-time passwords), while it is kept. */
  Future<JsonObject> report(Principal viewer, UUID id) {
    return get(viewer, id)
        .compose(
            job -> {
              if (job.state() != State.DONE) {
                return Future.failedFuture(
                    Problem.conflict("job-not-finished", "the import has not finished"));
              }
              if (job.reportSha256().isEmpty()) {
                return Future.failedFuture(
                    Problem.of(
                        Problem.Kind.NOT_FOUND,
                        "report-expired",
                        "the report was kept for " + REPORT_TTL.toHours() + " hours and is gone"));
              }
              return io.executeBlocking(
                  () -> {
                    try (InputStream in = blobs.open(job.reportSha256().get())) {
                      return new JsonObject(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                    }
                  },
                  false);
            });
  }

  // --- the worker's side

  Duration lease() {
    return lease;
  }

  /** Takes the oldest job that is queued, or whose worker's lease ran out; empty when none. */
  Future<Optional<Job>> claim() {
    return db.transaction(
        tx -> {
          Instant now = Tx.now(clock);
          Optional<UUID> next =
              tx.one(
                  "select id from import_job where state = 'queued'"
                      + " or (state = 'running' and lease_until < ?)"
                      + " order by created_at limit 1 for update",
                  rs -> Sql.uuid(rs, "id"),
                  now);
          if (next.isEmpty()) {
            return Optional.empty();
          }
          Job job = byId(tx, next.get()).orElseThrow();
          if (job.attempts() >= MAX_ATTEMPTS) {
            finishFailed(
                tx, job.id(), "import-interrupted", "the import was interrupted too often");
            return Optional.empty();
          }
          tx.update(
              "update import_job set state = 'running', attempts = attempts + 1, lease_until = ?"
                  + " where id = ?",
              now.plus(lease),
              job.id());
          return byId(tx, job.id());
        });
  }

  /** The running job is still being worked on: its lease is extended. */
  Future<Void> renew(UUID id, int progress) {
    return db.transaction(
        tx -> {
          tx.update(
              "update import_job set lease_until = ?, progress = ? where id = ? and state ="
                  + " 'running'",
              Tx.now(clock).plus(lease),
              progress,
              id);
          return null;
        });
  }

  Future<byte[]> input(Job job) {
    return io.executeBlocking(
        () -> {
          try (InputStream in = blobs.open(job.inputSha256())) {
            return in.readAllBytes();
          }
        },
        false);
  }

  /** Keeps the report and marks the job done; the uploaded file is no longer needed. */
  Future<Void> finish(Job job, JsonObject report) {
    return io.executeBlocking(
            () ->
                blobs
                    .put(
                        new ByteArrayInputStream(report.encode().getBytes(StandardCharsets.UTF_8)),
                        Optional.empty())
                    .sha256(),
            false)
        .compose(
            sha ->
                db.transaction(
                    tx -> {
                      Instant now = Tx.now(clock);
                      JsonObject summary =
                          new JsonObject()
                              .put("created", report.getInteger("created"))
                              .put("unchanged", report.getInteger("unchanged"))
                              .put("failed", report.getInteger("failed"));
                      tx.update(
                          "update import_job set state = 'done', progress = 100, finished_at = ?,"
                              + " report_sha256 = ?, report_expires = ?, summary = ?,"
                              + " lease_until = null where id = ?",
                          now,
                          sha,
                          now.plus(REPORT_TTL),
                          summary.encode(),
                          job.id());
                      return null;
                    }))
        .compose(done -> dropInputIfUnused(job.inputSha256()));
  }

  Future<Void> fail(Job job, String code, String detail) {
    return db.transaction(
            tx -> {
              finishFailed(tx, job.id(), code, detail);
              return null;
            })
        .compose(done -> dropInputIfUnused(job.inputSha256()));
  }

  private void finishFailed(Tx tx, UUID id, String code, String detail) throws SQLException {
    tx.update(
        "update import_job set state = 'failed', finished_at = ?, failure_code = ?,"
            + " failure_detail = ?, lease_until = null where id = ?",
        Tx.now(clock),
        code,
        detail.length() > 1000 ? detail.substring(0, 1000) : detail,
        id);
  }

  /** The uploaded file goes once no unfinished job needs it (it may hold passwords). */
  private Future<Void> dropInputIfUnused(String sha) {
    return db.read(
            tx ->
                tx.count(
                    "select count(*) from import_job where input_sha256 = ?"
                        + " and state in ('queued', 'running')",
                    sha))
        .compose(
            n ->
                n > 0
                    ? Future.succeededFuture()
                    : io.executeBlocking(
                        () -> {
                          blobs.delete(sha);
                          return null;
                        },
                        false));
  }

  /** Deletes the reports that expired (they hold one-time passwords); returns how many. */
  Future<Integer> expireReports() {
    return db.read(
            tx ->
                tx.list(
                    "select report_sha256 from import_job where report_sha256 is not null"
                        + " and report_expires < ?",
                    rs -> rs.getString(1),
                    Tx.now(clock)))
        .compose(
            shas ->
                shas.isEmpty()
                    ? Future.succeededFuture(0)
                    : io.executeBlocking(
                            () -> {
                              for (String sha : shas) {
                                blobs.delete(sha);
                              }
                              return shas;
                            },
                            false)
                        .compose(
                            gone ->
                                db.transaction(
                                    tx -> {
                                      int n = 0;
                                      for (String sha : gone) {
                                        n +=
                                            tx.update(
                                                "update import_job set report_sha256 = null"
                                                    + " where report_sha256 = ?",
                                                sha);
                                      }
                                      return n;
                                    })));
  }

  private static Optional<Job> byId(Tx tx, UUID id) throws SQLException {
    return tx.one("select " + COLUMNS + " from import_job where id = ?", ImportJobs::map, id);
  }

  private static Job map(ResultSet rs) throws SQLException {
    String summary = rs.getString("summary");
    return new Job(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "owner_id"),
        rs.getBoolean("dry_run"),
        Wire.require(State.class, rs.getString("state")),
        rs.getString("input_sha256"),
        rs.getInt("rows_total"),
        rs.getInt("progress"),
        rs.getInt("attempts"),
        Sql.instant(rs, "created_at"),
        Optional.ofNullable(Sql.instant(rs, "finished_at")),
        Optional.ofNullable(rs.getString("report_sha256")),
        Optional.ofNullable(Sql.instant(rs, "report_expires")),
        Optional.ofNullable(summary).map(JsonObject::new),
        Optional.ofNullable(rs.getString("failure_code")),
        Optional.ofNullable(rs.getString("failure_detail")));
  }
}
