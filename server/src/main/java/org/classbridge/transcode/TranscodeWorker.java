package org.classbridge.transcode;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Clock;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.classbridge.media.Ffmpeg;
import org.classbridge.media.MediaException;
import org.classbridge.media.Renditions;
import org.classbridge.media.Transcoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs transcode jobs, one at a time per instance ({@code media.concurrency} instances per node).
 * Woken when a job is queued on any node, and looking every few seconds anyway, for jobs queued
 * while it was down and jobs whose node died mid-run. While ffmpeg runs it renews the job's lease
 * every third of it; when the renewal says the job is no longer its own (cancelled, or taken over
 * after this node stalled), ffmpeg is stopped.
 */
final class TranscodeWorker extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(TranscodeWorker.class);

  /** How often it looks for work it was not woken for. */
  static final long POLL_MS = 3000;

  /** Failures that another try cannot mend: the file itself is the problem. */
  static final Set<String> PERMANENT = Set.of("unreadable-media", "empty-media", "too-long");

  private final MediaJobs jobs;
  private final MediaLibrary library;
  private final Pipeline pipeline;
  private final WorkerExecutor executor;
  private final Clock clock;
  private boolean busy;

  /** Set when the verticle stops: the running ffmpeg is stopped, its job left to its lease. */
  private final AtomicBoolean stopping = new AtomicBoolean();

  /** The run in progress (a completed future when idle), for a clean stop. */
  private Future<Void> current = Future.succeededFuture();

  TranscodeWorker(
      MediaJobs jobs,
      MediaLibrary library,
      Pipeline pipeline,
      WorkerExecutor executor,
      Clock clock) {
    this.jobs = jobs;
    this.library = library;
    this.pipeline = pipeline;
    this.executor = executor;
    this.clock = clock;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(POLL_MS, id -> next());
    return vertx
        .eventBus()
        .<String>consumer(MediaJobs.WAKE, m -> next())
        .completion()
        .onSuccess(v -> next());
  }

  @Override
  public Future<?> stop() {
    // a child process outlives the JVM: stop ffmpeg now; the job's lease runs out and this or
    // another node takes it again
    stopping.set(true);
    return current.otherwiseEmpty();
  }

  private void next() {
    if (busy || stopping.get()) {
      return;
    }
    busy = true;
    jobs.claim()
        .compose(job -> job.isEmpty() ? Future.succeededFuture(false) : run(job.get()).map(true))
        .onComplete(
            ran -> {
              busy = false;
              if (ran.failed()) {
                LOG.warn("transcode worker: {}", ran.cause().toString());
              } else if (ran.result()) {
                next(); // there may be more
              }
            });
  }

  private Future<Void> run(MediaJobs.Job job) {
    AtomicReference<String> stage = new AtomicReference<>("probe");
    AtomicInteger permille = new AtomicInteger();
    AtomicBoolean lost = new AtomicBoolean();
    long renewEvery = Math.max(200, jobs.lease().toMillis() / 3);
    long renewing =
        vertx.setPeriodic(
            renewEvery,
            id ->
                jobs.renew(job, stage.get(), permille.get())
                    .onSuccess(
                        ours -> {
                          if (!ours) {
                            lost.set(true);
                          }
                        })
                    .onFailure(
                        e -> LOG.warn("could not renew transcode {}: {}", job.id(), e.toString())));
    String address = MediaEvents.address(job.resourceId());
    AtomicInteger lastSent = new AtomicInteger(-100);
    Transcoder.Progress progress =
        (name, fraction) -> {
          int pm = (int) Math.round(Math.max(0, Math.min(1, fraction)) * 1000);
          boolean newStage = !name.equals(stage.getAndSet(name));
          permille.set(pm);
          // at most a message per 1 % (ffmpeg reports twice a second): enough for a bar
          if (newStage || pm - lastSent.get() >= 10) {
            lastSent.set(pm);
            vertx
                .eventBus()
                .publish(
                    address,
                    new JsonObject()
                        .put("resourceId", job.resourceId().toString())
                        .put("fileVersion", job.fileVersion())
                        .put("state", "running")
                        .put("stage", name)
                        .put("progress", pm / 1000.0));
          }
        };
    Future<Void> running =
        executor
            .executeBlocking(
                () ->
                    pipeline.run(
                        job,
                        probe -> jobs.recordProbe(job, Pipeline.probeJson(probe)),
                        progress,
                        () -> lost.get() || stopping.get()),
                false)
            .compose(result -> publish(job, result))
            .recover(e -> failed(job, e))
            .andThen(done -> vertx.cancelTimer(renewing));
    // what stop() waits for: the job handed back (or published) before the pools close, instead
    // of its result arriving on an event loop Vert.x has already shut
    current = running;
    return running;
  }

  private Future<Void> publish(MediaJobs.Job job, Pipeline.Result result) {
    Renditions r = result.renditions();
    JsonArray variants = new JsonArray();
    r.variants()
        .forEach(
            v ->
                variants.add(
                    new JsonObject()
                        .put("rung", v.rung().id())
                        .put("playlist", v.playlist())
                        .put("bandwidth", v.peakBandwidth())
                        .put("averageBandwidth", v.averageBandwidth())
                        .put("codecs", v.codecs())
                        .put("width", v.width())
                        .put("height", v.height())));
    MediaLibrary.Published published =
        new MediaLibrary.Published(
            job.resourceId(),
            job.fileVersion(),
            Math.round(result.probe().durationSeconds() * 1000),
            variants,
            r.offline(),
            clock.instant());
    return jobs.complete(job, tx -> library.publish(tx, published, result.files()))
        .map(
            ours -> {
              if (ours) {
                LOG.info(
                    "transcode {} of resource {} published: {} files",
                    job.id(),
                    job.resourceId(),
                    result.files().size());
              } else {
                LOG.info(
                    "transcode {} finished after it stopped being ours; not published", job.id());
              }
              return null;
            });
  }

  private Future<Void> failed(MediaJobs.Job job, Throwable e) {
    if (e instanceof Ffmpeg.CancelledException && stopping.get()) {
      LOG.info("transcode {} stopped with the server; back in the queue", job.id());
      return jobs.fail(job, "interrupted", "the server stopped during the conversion", true);
    }
    if (e instanceof Ffmpeg.CancelledException) {
      LOG.info("transcode {} stopped: cancelled or taken over", job.id());
      return Future.succeededFuture();
    }
    if (e instanceof MediaException m) {
      LOG.info("transcode {} failed: {} {}", job.id(), m.code(), m.detail());
      return jobs.fail(job, m.code(), m.detail(), !PERMANENT.contains(m.code()));
    }
    LOG.error("transcode {} failed", job.id(), e);
    return jobs.fail(job, "internal", "the conversion failed on the server", true);
  }
}
