package org.classbridge.transcode;

import io.vertx.core.Future;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.json.JsonObject;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.classbridge.common.Wire;
import org.classbridge.sql.Database;
import org.classbridge.sql.Sql;
import org.classbridge.sql.Tx;

/**
 * The transcode queue, in the database so it survives restarts and is shared by every node. A
 * worker claims the oldest queued job (or one whose lease ran out because its node died) under a
 * row lock, with a new claim id; every later write names that claim, so a worker that lost its job
 * to another node can neither renew nor publish it. Jobs are tried {@code maxAttempts} times; the
 * reason of the last failure is kept.
 */
final class MediaJobs {
  /** Wake-up for workers when a job is queued on any node (they also look every few seconds). */
  static final String WAKE = "classbridge.media.queued";

  enum State {
    QUEUED,
    RUNNING,
    DONE,
    FAILED,
    CANCELLED
  }

  /**
   * A job as stored.
   *
   * @param progress per mille
   * @param claim the current claim; empty when nobody works on it
   */
  record Job(
      UUID id,
      UUID resourceId,
      int fileVersion,
      String sourceSha256,
      State state,
      Optional<String> stage,
      int progress,
      int attempts,
      Optional<UUID> claim,
      Instant createdAt,
      Optional<Instant> finishedAt,
      Optional<String> failureCode,
      Optional<String> failureDetail,
      Optional<JsonObject> probe,
      Optional<org.classbridge.media.Trim> trim) {

    JsonObject toJson() {
      JsonObject o =
          new JsonObject()
              .put("id", id.toString())
              .put("fileVersion", fileVersion)
              .put("state", Wire.id(state))
              .put("stage", stage.orElse(null))
              .put("progress", progress / 1000.0)
              .put("attempts", attempts)
              .put("createdAt", createdAt.toString())
              .put("finishedAt", finishedAt.map(Instant::toString).orElse(null));
      failureCode.ifPresent(
          c ->
              o.put(
                  "failure",
                  new JsonObject().put("code", c).put("detail", failureDetail.orElse(""))));
      probe.ifPresent(p -> o.put("probe", p));
      trim.ifPresent(
          t ->
              o.put(
                  "trim",
                  new JsonObject()
                      .put("startSeconds", t.startSeconds())
                      .put("endSeconds", t.endSeconds())));
      return o;
    }
  }

  private static final String COLUMNS =
      "id, resource_id, file_version, source_sha256, state, stage, progress, attempts, claim_id,"
          + " created_at, finished_at, failure_code, failure_detail, probe, trim_start_ms,"
          + " trim_end_ms";

  private final Database db;
  private final EventBus eventBus;
  private final Clock clock;
  private final Duration lease;
  private final int maxAttempts;

  MediaJobs(Database db, EventBus eventBus, Clock clock, Duration lease, int maxAttempts) {
    this.db = db;
    this.eventBus = eventBus;
    this.clock = clock;
    this.lease = lease;
    this.maxAttempts = maxAttempts;
  }

  Duration lease() {
    return lease;
  }

  /**
   * Queues a job for this file version unless it has one, and cancels the unfinished jobs of older
   * versions (their renditions would be for a file nobody plays any more).
   *
   * @return whether a job was queued
   */
  Future<Boolean> enqueue(UUID resourceId, int fileVersion, String sourceSha256) {
    return db.transaction(
        tx -> {
          cancel(tx, resourceId, Optional.of(fileVersion));
          if (tx.count(
                  "select count(*) from media_job where resource_id = ? and file_version = ?",
                  resourceId,
                  fileVersion)
              > 0) {
            return false;
          }
          UUID id = UUID.randomUUID();
          tx.update(
              "insert into media_job (id, resource_id, file_version, source_sha256, state,"
                  + " created_at) values (?, ?, ?, ?, 'queued', ?)",
              id,
              resourceId,
              fileVersion,
              sourceSha256,
              Tx.now(clock));
          tx.afterCommit(
              () -> {
                eventBus.publish(WAKE, id.toString());
                announce(resourceId);
              });
          return true;
        });
  }

  /** Cancels every unfinished job of the resource (it was archived); returns how many. */
  Future<Integer> cancelAll(UUID resourceId) {
    return db.transaction(tx -> cancel(tx, resourceId, Optional.empty()));
  }

  private int cancel(Tx tx, UUID resourceId, Optional<Integer> olderThan) throws SQLException {
    int n =
        tx.update(
            "update media_job set state = 'cancelled', finished_at = ?, claim_id = null,"
                + " lease_until = null where resource_id = ? and state in ('queued', 'running')"
                + " and file_version < ?",
            Tx.now(clock),
            resourceId,
            olderThan.orElse(Integer.MAX_VALUE));
    if (n > 0) {
      tx.afterCommit(() -> announce(resourceId));
    }
    return n;
  }

  /** Takes the oldest job that is queued, or whose worker's lease ran out; empty when none. */
  Future<Optional<Job>> claim() {
    return db.transaction(
        tx -> {
          Instant now = Tx.now(clock);
          Optional<UUID> next =
              tx.one(
                  "select id from media_job where state = 'queued'"
                      + " or (state = 'running' and lease_until < ?)"
                      + " order by created_at limit 1 for update",
                  rs -> Sql.uuid(rs, "id"),
                  now);
          if (next.isEmpty()) {
            return Optional.empty();
          }
          Job job = byId(tx, next.get()).orElseThrow();
          if (job.attempts() >= maxAttempts) {
            finish(
                tx,
                job,
                State.FAILED,
                job.failureCode().orElse("interrupted"),
                job.failureDetail()
                    .orElse("the conversion was interrupted " + job.attempts() + " times"));
            return Optional.empty();
          }
          UUID claim = UUID.randomUUID();
          tx.update(
              "update media_job set state = 'running', attempts = attempts + 1, claim_id = ?,"
                  + " lease_until = ?, started_at = ?, progress = 0, stage = null where id = ?",
              claim,
              now.plus(lease),
              now,
              job.id());
          tx.afterCommit(() -> announce(job.resourceId()));
          return byId(tx, job.id());
        });
  }

  /**
   * Extends the lease of a running job and records its progress.
   *
   * @return false when the job is no longer this worker's: cancelled, or taken over
   */
  Future<Boolean> renew(Job job, String stage, int progress) {
    return db.transaction(
        tx ->
            tx.update(
                    "update media_job set lease_until = ?, stage = ?, progress = ? where id = ?"
                        + " and claim_id = ? and state = 'running'",
                    Tx.now(clock).plus(lease),
                    stage,
                    Math.max(0, Math.min(1000, progress)),
                    job.id(),
                    job.claim().orElseThrow())
                > 0);
  }

  /** Keeps what the probe read, for the uploader's page. */
  Future<Void> recordProbe(Job job, JsonObject probe) {
    return db.transaction(
        tx -> {
          tx.update(
              "update media_job set probe = ? where id = ? and claim_id = ?",
              probe.encode(),
              job.id(),
              job.claim().orElseThrow());
          return null;
        });
  }

  /**
   * Ends a run that failed. A retryable failure puts the job back in the queue (keeping the reason)
   * until it has had its attempts; a permanent one (the file cannot be read) fails it at once.
   */
  Future<Void> fail(Job job, String code, String detail, boolean retryable) {
    return db.transaction(
        tx -> {
          if (!ours(tx, job)) {
            return null;
          }
          if (retryable && job.attempts() < maxAttempts) {
            tx.update(
                "update media_job set state = 'queued', claim_id = null, lease_until = null,"
                    + " failure_code = ?, failure_detail = ? where id = ?",
                code,
                clip(detail),
                job.id());
            tx.afterCommit(
                () -> {
                  eventBus.publish(WAKE, job.id().toString());
                  announce(job.resourceId());
                });
          } else {
            finish(tx, job, State.FAILED, code, detail);
          }
          return null;
        });
  }

  /** Runs {@code publish} in the transaction that marks the job done, if it is still ours. */
  Future<Boolean> complete(Job job, SqlPublish publish) {
    return db.transaction(
        tx -> {
          if (!ours(tx, job)) {
            return false;
          }
          publish.write(tx);
          tx.update(
              "update media_job set state = 'done', progress = 1000, stage = 'done',"
                  + " finished_at = ?, claim_id = null, lease_until = null, failure_code = null,"
                  + " failure_detail = null where id = ?",
              Tx.now(clock),
              job.id());
          tx.afterCommit(() -> announce(job.resourceId()));
          return true;
        });
  }

  @FunctionalInterface
  interface SqlPublish {
    void write(Tx tx) throws SQLException;
  }

  /**
   * Converts the file version again keeping only {@code trim} (or all of it): its job goes back to
   * the queue with fresh attempts. A conversion running now is left to finish first.
   *
   * @return whether a job was queued
   */
  Future<Boolean> retrim(
      UUID resourceId, int fileVersion, Optional<org.classbridge.media.Trim> trim) {
    return db.transaction(
        tx -> {
          int n =
              tx.update(
                  "update media_job set state = 'queued', attempts = 0, progress = 0, stage = null,"
                      + " finished_at = null, failure_code = null, failure_detail = null,"
                      + " trim_start_ms = ?, trim_end_ms = ? where resource_id = ?"
                      + " and file_version = ? and state in ('done', 'failed', 'cancelled',"
                      + " 'queued')",
                  trim.map(t -> (int) Math.round(t.startSeconds() * 1000)).orElse(null),
                  trim.map(t -> (int) Math.round(t.endSeconds() * 1000)).orElse(null),
                  resourceId,
                  fileVersion);
          if (n > 0) {
            tx.afterCommit(
                () -> {
                  eventBus.publish(WAKE, resourceId.toString());
                  announce(resourceId);
                });
          }
          return n > 0;
        });
  }

  /** Puts a failed job back in the queue with fresh attempts (a teacher pressed "try again"). */
  Future<Boolean> retry(UUID resourceId, int fileVersion) {
    return db.transaction(
        tx -> {
          int n =
              tx.update(
                  "update media_job set state = 'queued', attempts = 0, progress = 0, stage = null,"
                      + " finished_at = null where resource_id = ? and file_version = ?"
                      + " and state in ('failed', 'cancelled')",
                  resourceId,
                  fileVersion);
          if (n > 0) {
            tx.afterCommit(
                () -> {
                  eventBus.publish(WAKE, resourceId.toString());
                  announce(resourceId);
                });
          }
          return n > 0;
        });
  }

  /** The job of this file version, if it has one. */
  Future<Optional<Job>> of(UUID resourceId, int fileVersion) {
    return db.read(
        tx ->
            tx.one(
                "select " + COLUMNS + " from media_job where resource_id = ? and file_version = ?",
                MediaJobs::map,
                resourceId,
                fileVersion));
  }

  /** Jobs by state, for the metrics: queued, running, failed. */
  Future<List<long[]>> counts() {
    return db.read(
        tx ->
            tx.list(
                "select state, count(*) from media_job group by state",
                rs ->
                    new long[] {
                      Wire.require(State.class, rs.getString(1)).ordinal(), rs.getLong(2)
                    }));
  }

  private boolean ours(Tx tx, Job job) throws SQLException {
    return tx.count(
            "select count(*) from media_job where id = ? and claim_id = ? and state = 'running'",
            job.id(),
            job.claim().orElseThrow())
        > 0;
  }

  private void finish(Tx tx, Job job, State state, String code, String detail) throws SQLException {
    tx.update(
        "update media_job set state = ?, finished_at = ?, failure_code = ?, failure_detail = ?,"
            + " claim_id = null, lease_until = null where id = ?",
        state,
        Tx.now(clock),
        code,
        clip(detail),
        job.id());
    tx.afterCommit(() -> announce(job.resourceId()));
  }

  private static String clip(String detail) {
    return detail.length() > 1000 ? detail.substring(0, 1000) : detail;
  }

  /** Tells the resource's pages that its job changed state (they read the rest). */
  private void announce(UUID resourceId) {
    eventBus.publish(
        MediaEvents.address(resourceId),
        new JsonObject().put("resourceId", resourceId.toString()).put("changed", true));
  }

  private static Optional<Job> byId(Tx tx, UUID id) throws SQLException {
    return tx.one("select " + COLUMNS + " from media_job where id = ?", MediaJobs::map, id);
  }

  private static Job map(ResultSet rs) throws SQLException {
    String probe = rs.getString("probe");
    return new Job(
        Sql.uuid(rs, "id"),
        Sql.uuid(rs, "resource_id"),
        rs.getInt("file_version"),
        rs.getString("source_sha256"),
        Wire.require(State.class, rs.getString("state")),
        Optional.ofNullable(rs.getString("stage")),
        rs.getInt("progress"),
        rs.getInt("attempts"),
        Optional.ofNullable(Sql.uuid(rs, "claim_id")),
        Sql.instant(rs, "created_at"),
        Optional.ofNullable(Sql.instant(rs, "finished_at")),
        Optional.ofNullable(rs.getString("failure_code")),
        Optional.ofNullable(rs.getString("failure_detail")),
        Optional.ofNullable(probe).map(JsonObject::new),
        rs.getObject("trim_start_ms") == null
            ? Optional.empty()
            : Optional.of(
                new org.classbridge.media.Trim(
                    rs.getInt("trim_start_ms") / 1000.0, rs.getInt("trim_end_ms") / 1000.0)));
  }
}
