package org.classbridge.ops;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.PrometheusScrapingHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.classbridge.blob.BlobStore;
import org.classbridge.http.Access;
import org.classbridge.http.Feature;
import org.classbridge.http.Requests;
import org.classbridge.http.RouteSpec;
import org.classbridge.sql.Database;

/**
 * What operators and tools call: liveness, readiness (database and blob store answer, and we are
 * not draining), Prometheus metrics, and the OpenAPI description of the API.
 */
public final class OpsFeature implements Feature {
  /** A dependency slower than this counts as down for readiness. */
  private static final long CHECK_TIMEOUT_MS = 3000;

  private final Vertx vertx;
  private final Database database;
  private final BlobStore blobs;
  private final PrometheusMeterRegistry meters;
  private final AtomicBoolean draining = new AtomicBoolean();
  private final Buffer openApi;

  /**
   * Blob pings run on one thread of their own, and a probe arriving while a ping is still out
   * shares it: a timeout does not stop a blocking ping, so against an unreachable MinIO frequent
   * probes would otherwise pile up worker threads until the client timeout.
   */
  private final WorkerExecutor healthWorker;

  private final AtomicReference<Future<Void>> blobPing = new AtomicReference<>();

  /** Embedded mode's online backup, and the secret of the local CLI that asks for it. */
  public record LocalBackup(Backups backups, String controlToken) {}

  private final java.util.Optional<LocalBackup> backup;

  public OpsFeature(
      Vertx vertx,
      Database database,
      BlobStore blobs,
      PrometheusMeterRegistry meters,
      java.util.Optional<LocalBackup> backup) {
    this.vertx = vertx;
    this.backup = backup;
    this.database = database;
    this.blobs = blobs;
    this.meters = meters;
    this.openApi = loadOpenApi();
    this.healthWorker = vertx.createSharedWorkerExecutor("classbridge-health", 1);
  }

  static Buffer loadOpenApi() {
    try (InputStream in = OpsFeature.class.getResourceAsStream("/openapi/openapi.yaml")) {
      if (in == null) {
        throw new IllegalStateException("openapi/openapi.yaml is missing from the jar");
      }
      return Buffer.buffer(in.readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public List<RouteSpec> routes() {
    return List.of(
        RouteSpec.get("/health/live", Access.anyone(), this::live),
        RouteSpec.get("/health/ready", Access.anyone(), this::ready),
        RouteSpec.get(
            "/metrics", new Access.MetricsScraper(), PrometheusScrapingHandler.create(meters)),
        RouteSpec.get("/api/v1/openapi.yaml", Access.anyone(), this::openApi),
        // `classbridge backup` on the same machine, with the token it reads from data/secrets:
        // whoever reads that directory can read the whole database anyway. No token in production
        // (PostgreSQL and MinIO have their own tools): every call refused.
        RouteSpec.post(
            "/ops/backup",
            new Access.SharedSecret("local-control", backup.map(LocalBackup::controlToken)),
            this::backup));
  }

  /** From now on readiness answers 503, so balancers stop sending new work before we stop. */
  public void drain() {
    draining.set(true);
  }

  private void live(RoutingContext ctx) {
    Requests.sendUncached(ctx, 200, new JsonObject().put("status", "up"));
  }

  private void ready(RoutingContext ctx) {
    Future<String> db =
        database
            .ping()
            .timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS)
            .map("up")
            .otherwise("down");
    Future<String> blob =
        blobPing().timeout(CHECK_TIMEOUT_MS, TimeUnit.MILLISECONDS).map("up").otherwise("down");
    Future.join(db, blob)
        .onComplete(
            done -> {
              boolean up =
                  !draining.get() && "up".equals(db.result()) && "up".equals(blob.result());
              Requests.sendUncached(
                  ctx,
                  up ? 200 : 503,
                  new JsonObject()
                      .put("status", draining.get() ? "draining" : up ? "up" : "down")
                      .put(
                          "checks",
                          new JsonObject()
                              .put("database", db.result())
                              .put("blobStore", blob.result())));
            });
  }

  private Future<Void> blobPing() {
    Future<Void> current = blobPing.get();
    if (current != null && !current.isComplete()) {
      return current;
    }
    Future<Void> fresh =
        healthWorker.executeBlocking(
            () -> {
              blobs.ping();
              return null;
            },
            false);
    blobPing.set(fresh);
    return fresh;
  }

  /** Releases the health worker (on shutdown). */
  @Override
  public void close() {
    healthWorker.close();
  }

  /** Whether this server takes `classbridge backup` requests (embedded mode). */
  public boolean localBackup() {
    return backup.isPresent();
  }

  /** {"to": "/absolute/new-file.zip"}: the archive is written there; answers when it is done. */
  private void backup(RoutingContext ctx) {
    JsonObject body = Requests.json(ctx);
    if (!(body.getValue("to") instanceof String to) || body.size() != 1) {
      throw org.classbridge.common.Problem.invalid("bad-target", "{\"to\": \"/path/file.zip\"}");
    }
    Requests.reply(
        ctx,
        200,
        backup
            .orElseThrow()
            .backups()
            .write(java.nio.file.Path.of(to))
            .map(Backups.Summary::toJson));
  }

  private void openApi(RoutingContext ctx) {
    ctx.response().putHeader("Content-Type", "application/yaml; charset=utf-8").end(openApi);
  }
}
