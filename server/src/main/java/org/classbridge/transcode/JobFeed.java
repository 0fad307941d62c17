package org.classbridge.transcode;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.MessageConsumer;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.classbridge.catalogue.Catalogue;
import org.classbridge.catalogue.Resource;
import org.classbridge.catalogue.ResourceKind;
import org.classbridge.sql.ChangeLog;
import org.classbridge.sql.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the catalogue's change log and turns it into jobs: a new file on a lesson video or an
 * audio lesson queues its transcode; an archived resource has its unfinished jobs cancelled. Its
 * place in the log is kept in the database, so changes made while it was down are not missed, and
 * every node may run it (queueing is idempotent per file version).
 */
final class JobFeed extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(JobFeed.class);

  static final String FOLLOWER = "media-jobs";

  /** Kinds of resource whose file is transcoded. */
  static final Set<ResourceKind> MEDIA_KINDS =
      Set.of(ResourceKind.LESSON_VIDEO, ResourceKind.AUDIO);

  static final int BATCH = 200;

  static final long POLL_MS = 5000;

  private final Database db;
  private final ChangeLog changes;
  private final Catalogue catalogue;
  private final MediaJobs jobs;
  private final java.util.concurrent.atomic.AtomicLongArray counts;
  private boolean running;
  private boolean again;
  private MessageConsumer<Long> wakeUps;

  /**
   * @param counts jobs per {@link MediaJobs.State} across the cluster, refreshed every poll, for
   *     the metrics
   */
  JobFeed(
      Database db,
      ChangeLog changes,
      Catalogue catalogue,
      MediaJobs jobs,
      java.util.concurrent.atomic.AtomicLongArray counts) {
    this.counts = counts;
    this.db = db;
    this.changes = changes;
    this.catalogue = catalogue;
    this.jobs = jobs;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(
        POLL_MS,
        id -> {
          wake();
          jobs.counts()
              .onSuccess(
                  rows -> {
                    long[] fresh = new long[counts.length()];
                    rows.forEach(r -> fresh[(int) r[0]] = r[1]);
                    for (int i = 0; i < fresh.length; i++) {
                      counts.set(i, fresh[i]);
                    }
                  });
        });
    wakeUps = vertx.eventBus().consumer(ChangeLog.address(Catalogue.TOPIC), m -> wake());
    return wakeUps.completion().onSuccess(v -> wake());
  }

  void wake() {
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    cursor()
        .compose(this::drain)
        .onComplete(
            done -> {
              running = false;
              if (done.failed()) {
                LOG.warn("media job feed: {}", done.cause().toString());
              } else if (again) {
                wake();
              }
            });
  }

  /** Applies the log from {@code seq} to its end, a batch at a time, moving the cursor. */
  private Future<Void> drain(long seq) {
    return changes
        .after(Catalogue.TOPIC, seq, BATCH)
        .compose(
            batch -> {
              if (batch.isEmpty()) {
                return Future.succeededFuture();
              }
              Future<Void> applied = Future.succeededFuture();
              for (ChangeLog.Change c : batch) {
                applied = applied.compose(v -> apply(c));
              }
              long last = batch.getLast().seq();
              return applied.compose(v -> saveCursor(last)).compose(v -> drain(last));
            });
  }

  private Future<Void> apply(ChangeLog.Change c) {
    UUID id;
    try {
      id = UUID.fromString(c.entityId());
    } catch (IllegalArgumentException e) {
      return Future.succeededFuture();
    }
    return switch (c.kind()) {
      case "file" ->
          catalogue
              .indexRecords(List.of(id))
              .compose(
                  found -> {
                    if (found.isEmpty()) {
                      return Future.succeededFuture();
                    }
                    Resource r = found.getFirst().resource();
                    if (!MEDIA_KINDS.contains(r.kind()) || r.file().isEmpty()) {
                      return Future.succeededFuture();
                    }
                    Resource.ResourceFile f = r.file().get();
                    return jobs.enqueue(r.id(), f.version(), f.sha256()).mapEmpty();
                  });
      case "archived" -> jobs.cancelAll(id).mapEmpty();
      // other changes (titles, publishing) need no new renditions
      default -> Future.succeededFuture();
    };
  }

  private Future<Long> cursor() {
    return db.read(
        tx ->
            tx.one(
                    "select seq from change_cursor where follower = ?",
                    rs -> rs.getLong(1),
                    FOLLOWER)
                .orElse(0L));
  }

  private Future<Void> saveCursor(long seq) {
    return db.transaction(
        tx -> {
          if (tx.update(
                  "update change_cursor set seq = ? where follower = ? and seq < ?",
                  seq,
                  FOLLOWER,
                  seq)
              == 0) {
            tx.update(
                "insert into change_cursor (follower, seq) values (?, ?) on conflict do nothing",
                FOLLOWER,
                seq);
          }
          return null;
        });
  }
}
