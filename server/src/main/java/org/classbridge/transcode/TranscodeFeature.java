package org.classbridge.transcode;

import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.classbridge.blob.BlobStore;
import org.classbridge.catalogue.CatalogueFeature;
import org.classbridge.http.Feature;
import org.classbridge.http.RouteSpec;
import org.classbridge.media.Ffmpeg;
import org.classbridge.media.MediaException;
import org.classbridge.media.Transcoder;
import org.classbridge.sql.ChangeLog;
import org.classbridge.sql.Database;

/**
 * The media pipeline: turns uploaded lesson videos and audio into an HLS ladder for low-bandwidth
 * classrooms, with offline files, pictures, captions and chapters, and offline packs. Runs the job
 * feed (catalogue changes to jobs) and {@code media.concurrency} transcode workers per node.
 */
public final class TranscodeFeature implements Feature {
  private final MediaJobs jobs;
  private final MediaService service;
  private final MediaRoutes routes;
  private final WorkerExecutor transcoding;
  private final WorkerExecutor io;
  private final Supplier<JobFeed> feed;
  private final Supplier<TranscodeWorker> worker;
  private final int concurrency;
  private final java.util.concurrent.atomic.AtomicLongArray counts =
      new java.util.concurrent.atomic.AtomicLongArray(MediaJobs.State.values().length);

  public TranscodeFeature(
      Vertx vertx,
      Database db,
      BlobStore blobs,
      ChangeLog changes,
      CatalogueFeature catalogue,
      LessonPush push,
      TranscodeConfig config,
      Clock clock,
      Path dataDir)
      throws IOException {
    this.concurrency = config.concurrency();
    // ffmpeg runs for minutes: workers of their own, allowed to, so Vert.x does not warn of a
    // blocked thread every minute of a 45-minute lesson
    this.transcoding =
        vertx.createSharedWorkerExecutor(
            "classbridge-transcode", Math.max(1, config.concurrency()), 12, TimeUnit.HOURS);
    this.io = vertx.createSharedWorkerExecutor("classbridge-media-io", 2, 2, TimeUnit.HOURS);
    this.jobs = new MediaJobs(db, vertx.eventBus(), clock, config.lease(), config.maxAttempts());
    MediaLibrary library = new MediaLibrary();
    Supplier<Transcoder> transcoder = new LazyTranscoder(config, dataDir.resolve("tools"));
    Pipeline pipeline = new Pipeline(blobs, transcoder, dataDir.resolve("transcode"));
    pipeline.clearLeftovers();
    this.service =
        new MediaService(
            db,
            catalogue.catalogue(),
            jobs,
            library,
            blobs,
            io,
            catalogue.links("hls", MediaService.LINK_TTL),
            push,
            dataDir.resolve("packs"),
            clock);
    this.routes = new MediaRoutes(service, catalogue.responses(), io);
    this.feed = () -> new JobFeed(db, changes, catalogue.catalogue(), jobs, counts);
    this.worker = () -> new TranscodeWorker(jobs, library, pipeline, transcoding, clock);
  }

  /**
   * The tools, found on first use rather than at start-up: extracting the bundled build is 90 MB of
   * writing that a server with no video to convert never needs.
   */
  private static final class LazyTranscoder implements Supplier<Transcoder> {
    private final TranscodeConfig config;
    private final Path cache;
    private Transcoder transcoder;

    LazyTranscoder(TranscodeConfig config, Path cache) {
      this.config = config;
      this.cache = cache;
    }

    @Override
    public synchronized Transcoder get() {
      if (transcoder == null) {
        Ffmpeg tools;
        try {
          tools =
              config.systemTools().isPresent()
                  ? Ffmpeg.system(
                      config.systemTools().get().ffmpeg(), config.systemTools().get().ffprobe())
                  : Ffmpeg.bundled(cache);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        } catch (MediaException e) {
          throw new IllegalStateException(e.detail(), e);
        }
        transcoder = new Transcoder(tools, config.maxDuration(), config.preset());
      }
      return transcoder;
    }
  }

  /**
   * Transcode jobs in {@code state} ({@code queued}, {@code running}, {@code done}, {@code failed},
   * {@code cancelled}) across the cluster, as of the last poll (every few seconds): the queue an
   * operator watches.
   */
  public long jobs(String state) {
    return counts.get(org.classbridge.common.Wire.require(MediaJobs.State.class, state).ordinal());
  }

  @Override
  public List<RouteSpec> routes() {
    return routes.routes();
  }

  @Override
  public List<VerticleSpec> verticles() {
    VerticleSpec jobFeed = new VerticleSpec("media-job-feed", feed, 1, Start.ONCE_SERVING);
    if (concurrency == 0) {
      return List.of(jobFeed);
    }
    return List.of(
        jobFeed, new VerticleSpec("transcode-worker", worker, concurrency, Start.ONCE_SERVING));
  }

  @Override
  public void close() {
    transcoding.close();
    io.close();
  }
}
