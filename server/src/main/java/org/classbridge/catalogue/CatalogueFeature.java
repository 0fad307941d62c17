package org.classbridge.catalogue;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.classbridge.audit.AuditLog;
import org.classbridge.blob.BlobStore;
import org.classbridge.common.SecretFile;
import org.classbridge.http.Feature;
import org.classbridge.http.RouteSpec;
import org.classbridge.sql.ChangeLog;
import org.classbridge.sql.Database;

/**
 * The lesson repository: resources with their curriculum position, tus uploads into the blob store,
 * Range delivery and playback progress. Runs one timer verticle that removes expired uploads.
 */
public final class CatalogueFeature implements Feature {
  /** How often expired uploads are looked for. */
  static final long SWEEP_MS = 10 * 60 * 1000L;

  private final Catalogue catalogue;
  private final Uploads uploads;
  private final Playback playback;
  private final PlaybackTally playbackTally;
  private final CatalogueRoutes routes;
  private final WorkerExecutor workers;
  private final ExperimentOrigin experiments;
  private final byte[] linkSecret;
  private final Clock clock;

  public CatalogueFeature(
      Vertx vertx,
      Database db,
      BlobStore blobs,
      ChangeLog changes,
      AuditLog audit,
      Clock clock,
      CatalogueConfig config,
      Path dataDir)
      throws IOException {
    CatalogueStore store = new CatalogueStore();
    // blob I/O (appends, hashes, sniffing) on its own workers: a slow upload never holds up SQL
    this.workers = vertx.createSharedWorkerExecutor("classbridge-blob", 4);
    byte[] key =
        config.pseudonymKey().isPresent()
            ? config.pseudonymKey().get()
            : SecretFile.readOrCreate(dataDir.resolve("secrets"), "playback-pseudonym.key", 32);
    this.linkSecret = key;
    this.clock = clock;
    this.catalogue = new Catalogue(db, store, changes, audit, clock);
    this.uploads = new Uploads(db, store, catalogue, blobs, workers, clock, config);
    this.playback = new Playback(db, store, catalogue, clock, key);
    this.playbackTally = new PlaybackTally(db, store, playback);
    this.experiments =
        new ExperimentOrigin(db, store, catalogue, blobs, workers, clock, config, key);
    this.routes = new CatalogueRoutes(catalogue, uploads, playback, experiments, blobs, db, store);
  }

  public Catalogue catalogue() {
    return catalogue;
  }

  /**
   * Signed, expiring links for another feature's files of a resource version (the media pipeline's
   * HLS tree): same server secret, but a purpose of their own, so they open nothing else.
   */
  public SignedLinks links(String purpose, java.time.Duration ttl) {
    return new SignedLinks(linkSecret, purpose, clock, ttl);
  }

  /** Range delivery of stored objects, for features that serve blobs of their own. */
  public BlobResponses responses() {
    return routes.responses();
  }

  /** Where viewers stopped; a pupil's part of it, for the export and erasure of their data. */
  public Playback playback() {
    return playback;
  }

  /** Pupils' playback per school and week, for coverage evidence. */
  public PlaybackTally playbackTally() {
    return playbackTally;
  }

  public Uploads uploads() {
    return uploads;
  }

  @Override
  public List<RouteSpec> routes() {
    return routes.routes();
  }

  @Override
  public List<VerticleSpec> verticles() {
    return List.of(
        new VerticleSpec("upload-sweep", () -> new Sweeper(uploads), 1, Start.ONCE_SERVING),
        new VerticleSpec("experiments-origin", experiments::server, 1));
  }

  @Override
  public List<String> frameSources() {
    return List.of(experiments.origin());
  }

  @Override
  public void close() {
    workers.close();
  }

  /** Removes expired uploads every {@link #SWEEP_MS}. */
  static final class Sweeper extends VerticleBase {
    private final Uploads uploads;
    private long timer;

    Sweeper(Uploads uploads) {
      this.uploads = uploads;
    }

    @Override
    public Future<?> start() {
      timer = vertx.setPeriodic(SWEEP_MS, SWEEP_MS, t -> uploads.sweep());
      return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
      vertx.cancelTimer(timer);
      return Future.succeededFuture();
    }
  }
}
