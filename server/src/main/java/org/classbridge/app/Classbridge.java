package org.classbridge.app;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.classbridge.auth.AccountOrigin;
import org.classbridge.http.ApiRouter;
import org.classbridge.seed.DemoSeeds;
import org.classbridge.sql.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Classbridge server: storage open, demo data loaded when asked for, HTTP listening.
 * {@link #start} returns once the server answers; {@link #close} drains and stops it.
 */
public final class Classbridge implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Classbridge.class);

  private final Vertx vertx;
  private final PrometheusMeterRegistry meters;
  private final Services services;
  private final OpsRoutes ops;
  private final ApiServer server;
  private final Router router;
  private final java.util.List<org.classbridge.http.RouteSpec> routes;
  private final Duration grace;
  private boolean closed;

  private Classbridge(
      Vertx vertx,
      PrometheusMeterRegistry meters,
      Services services,
      OpsRoutes ops,
      ApiServer server,
      Router router,
      java.util.List<org.classbridge.http.RouteSpec> routes,
      Duration grace) {
    this.vertx = vertx;
    this.meters = meters;
    this.services = services;
    this.ops = ops;
    this.server = server;
    this.router = router;
    this.routes = routes;
    this.grace = grace;
  }

  /** Starts everything; blocking, call from a plain thread (main, a test), not an event loop. */
  public static Classbridge start(AppConfig config, Clock clock) throws Exception {
    long t0 = System.nanoTime();
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // the database (pool, H2 file, Flyway) opens on its own thread while Vert.x starts: on two
    // cores this overlaps the two slowest steps of start-up
    CompletableFuture<Database.Connected> connecting =
        CompletableFuture.supplyAsync(
            () -> Database.connect(config.db(), meters),
            r -> Thread.ofPlatform().name("classbridge-db-open").start(r));
    Vertx vertx =
        Vertx.builder()
            .with(
                new VertxOptions()
                    .setMetricsOptions(
                        new MicrometerMetricsOptions()
                            .setEnabled(true)
                            .setJvmMetricsEnabled(true)
                            .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))))
            .withMetrics(new SafeServerMetrics(new MicrometerMetricsFactory(meters)))
            .build();
    Services services = null;
    try {
      services = Services.open(vertx, config, clock, await(connecting));
      refuseDemoAccountsInProduction(services);
      long t1 = System.nanoTime();
      if (config.mode() == AppConfig.Mode.EMBEDDED && config.demoSeed()) {
        DemoSeeds.Outcome seeded =
            await(new DemoSeeds(services.directory, services.roster, services.accounts).load());
        if (seeded.accountsCreated() > 0) {
          LOG.info(
              "demo data loaded: {} accounts (see README, Demo accounts)",
              seeded.accountsCreated());
        }
      }
      // Start-up (class loading, migrations, PBKDF2 for the demo accounts) churns through a few
      // hundred MB of short-lived objects while the live set is ~15 MB; G1 keeps that memory
      // committed until a full collection. One, before serving, returns it to the operating
      // system: measured RSS after a first start drops from ~300 MB to ~175 MB (BENCHMARKS.md).
      System.gc();
      long t2 = System.nanoTime();
      OpsRoutes ops = new OpsRoutes(vertx, services.database, services.blobs, meters);
      var routes = services.routes(ops);
      Router router =
          ApiRouter.create(
              vertx, config.http(), services.tokens, config.metricsToken(), routes, "webroot");
      ApiServer server =
          new ApiServer(
              router, config.http().host(), config.http().port(), config.http().shutdownGrace());
      await(vertx.deployVerticle(server));
      LOG.info(
          "start-up: Vert.x, storage and migrations {} ms, demo data {} ms, HTTP {} ms",
          (t1 - t0) / 1_000_000,
          (t2 - t1) / 1_000_000,
          (System.nanoTime() - t2) / 1_000_000);
      return new Classbridge(
          vertx, meters, services, ops, server, router, routes, config.http().shutdownGrace());
    } catch (Exception | Error e) {
      if (services != null) {
        services.close();
      } else {
        connecting.thenAccept(Database.Connected::close);
      }
      vertx.close();
      throw e;
    }
  }

  private static void refuseDemoAccountsInProduction(Services services) throws Exception {
    if (services.config.mode() != AppConfig.Mode.PRODUCTION) {
      return;
    }
    long demo = await(services.accounts.countByOrigin(AccountOrigin.DEMO));
    if (demo > 0) {
      throw new ConfigException(
          "production mode refuses to run with "
              + demo
              + " demo accounts in the database; use a fresh database for production");
    }
  }

  static <T> T await(io.vertx.core.Future<T> f) throws Exception {
    return await(f.toCompletionStage());
  }

  /** Waits for a start-up step; its own exception is thrown, not a wrapper. */
  static <T> T await(java.util.concurrent.CompletionStage<T> f) throws Exception {
    try {
      return f.toCompletableFuture().get(120, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    } catch (TimeoutException e) {
      throw new IllegalStateException("start-up step took over 120 s", e);
    }
  }

  public int port() {
    return server.actualPort();
  }

  public Services services() {
    return services;
  }

  public Router router() {
    return router;
  }

  /** Every API route with its access rule, as mounted. */
  public java.util.List<org.classbridge.http.RouteSpec> routes() {
    return routes;
  }

  public Vertx vertx() {
    return vertx;
  }

  public PrometheusMeterRegistry meters() {
    return meters;
  }

  /**
   * Graceful stop: readiness turns 503, the server stops accepting and lets in-flight requests
   * finish (up to shutdown.grace), then workers, pools and stores close.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ops.drain();
    try {
      await(vertx.undeploy(vertxDeploymentOf()));
    } catch (Exception e) {
      LOG.warn("HTTP server did not stop cleanly: {}", e.toString());
    }
    ops.close();
    services.close();
    try {
      vertx
          .close()
          .toCompletionStage()
          .toCompletableFuture()
          .get(grace.toSeconds() + 5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Vert.x did not close cleanly: {}", e.toString());
    }
  }

  private String vertxDeploymentOf() {
    return server.deploymentID();
  }
}
