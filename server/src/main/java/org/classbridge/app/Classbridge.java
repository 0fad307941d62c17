package org.classbridge.app;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxBuilder;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.Router;
import io.vertx.micrometer.MicrometerMetricsFactory;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.classbridge.auth.AccountOrigin;
import org.classbridge.http.ApiRouter;
import org.classbridge.http.Feature;
import org.classbridge.http.RouteSpec;
import org.classbridge.http.WebAssets;
import org.classbridge.ops.OpsFeature;
import org.classbridge.ops.SafeServerMetrics;
import org.classbridge.seed.CoverageSeeds;
import org.classbridge.seed.DemoSeeds;
import org.classbridge.seed.EvidenceSeeds;
import org.classbridge.seed.LibrarySeeds;
import org.classbridge.seed.StudioSeeds;
import org.classbridge.seed.TimetableSeeds;
import org.classbridge.sql.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running Classbridge server: read config, wire, start, stop. Storage opens, demo data loads when
 * asked for, the features' verticles deploy, then HTTP listens on every event loop. {@link #start}
 * returns once the server answers; {@link #close} drains and stops it in reverse order.
 */
public final class Classbridge implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Classbridge.class);

  /** Longest a start-up step may take before start-up fails instead of hanging. */
  private static final long STEP_TIMEOUT_SECONDS = 120;

  private final Vertx vertx;
  private final PrometheusMeterRegistry meters;
  private final Services services;
  private final OpsFeature ops;
  private final List<String> featureDeployments;
  private final String httpDeployment;
  private final int port;
  private final Router router;
  private final List<RouteSpec> routes;
  private final AppConfig config;
  private boolean closed;

  private Classbridge(
      AppConfig config,
      Vertx vertx,
      PrometheusMeterRegistry meters,
      Services services,
      OpsFeature ops,
      List<String> featureDeployments,
      String httpDeployment,
      int port,
      Router router,
      List<RouteSpec> routes) {
    this.config = config;
    this.vertx = vertx;
    this.meters = meters;
    this.services = services;
    this.ops = ops;
    this.featureDeployments = featureDeployments;
    this.httpDeployment = httpDeployment;
    this.port = port;
    this.router = router;
    this.routes = routes;
  }

  /** Starts everything; blocking, call from a plain thread (main, a test), not an event loop. */
  public static Classbridge start(AppConfig config, Clock clock) throws Exception {
    long t0 = System.nanoTime();
    withoutNettyJfrEvents();
    if (config.jsonLogs()) {
      org.classbridge.ops.LogSetup.useJson();
    }
    PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    // the features count what they do (bookings, uploads, deliveries, search latency) on
    // Micrometer's global registry, which this node's Prometheus registry joins; one node per JVM
    // in production (tests running several nodes in one JVM see each other's counts)
    io.micrometer.core.instrument.Metrics.addRegistry(meters);
    // the database (pool, H2 file, Flyway) opens on its own thread while Vert.x starts: on two
    // cores this overlaps the two slowest steps of start-up
    CompletableFuture<Database.Connected> connecting =
        CompletableFuture.supplyAsync(
            () -> Services.connect(config, meters),
            r -> Thread.ofPlatform().name("classbridge-db-open").start(r));
    Vertx vertx;
    try {
      vertx = await(buildVertx(config.cluster(), meters));
    } catch (Exception | Error e) {
      connecting.thenAccept(Database.Connected::close);
      io.micrometer.core.instrument.Metrics.removeRegistry(meters);
      throw e;
    }
    Services services = null;
    OpsFeature ops = null;
    try {
      services = Services.open(vertx, config, clock, await(connecting));
      refuseDemoAccountsInProduction(config, services);
      long t1 = System.nanoTime();
      // the web app's files are read (and their hashes made) on a thread of their own while the
      // demo data loads: two independent parts of a first start, overlapped on two cores
      CompletableFuture<WebAssets> webAssets =
          CompletableFuture.supplyAsync(
              () -> WebAssets.load("webroot"),
              r -> Thread.ofPlatform().name("classbridge-web-assets").start(r));
      if (config.mode() == AppConfig.Mode.EMBEDDED && config.demoSeed()) {
        DemoSeeds.Outcome seeded =
            await(
                new DemoSeeds(services.directory(), services.roster(), services.accounts()).load());
        if (seeded.accountsCreated() > 0) {
          LOG.info(
              "demo data loaded: {} accounts (see README, Demo accounts)",
              seeded.accountsCreated());
        }
        // the timetable (then its coverage) and the library are independent of each other: on
        // two cores one's SQL overlaps the other's blob writes and hashing
        long side = System.nanoTime();
        Future<Integer> timetable =
            loaded(
                new TimetableSeeds(services.directory(), services.accounts(), services.schedule())
                    .load(),
                "demo timetable loaded: {} sessions in one term ({} ms)",
                side);
        CoverageSeeds coverageSeeds =
            new CoverageSeeds(services.directory(), services.schedule(), services.coverage());
        Future<Integer> coverage = timetable.compose(n -> coverageSeeds.load());
        Future<Integer> library =
            loaded(
                new LibrarySeeds(services.accounts(), services.catalogue()).load(),
                "demo library loaded: {} resources ({} ms)",
                side);
        await(Future.join(coverage, library));
        int covered = await(coverage);
        if (covered > 0) {
          LOG.info("demo coverage loaded: local teaching of {} classes", covered);
        }
        int registers =
            await(
                new EvidenceSeeds(
                        services.directory(),
                        services.accounts(),
                        services.schedule(),
                        services.coverage(),
                        services.catalogue())
                    .load(
                        clock
                            .instant()
                            .atZone(java.time.ZoneId.of("Asia/Shanghai"))
                            .toLocalDate()));
        if (registers > 0) {
          LOG.info("demo evidence loaded: {} registers of past sessions", registers);
        }
        int studios = await(new StudioSeeds(services.accounts(), services.studios()).load());
        if (studios > 0) {
          LOG.info("demo studios loaded: {}", studios);
        }
      }
      // Start-up (class loading, opening the database, the demo data) churns through a few
      // hundred MB of short-lived objects while the live set is ~15 MB; G1 keeps that memory
      // committed until a full collection. One, before serving, returns it to the operating
      // system: measured RSS after a first start drops from ~300 MB to ~175 MB (BENCHMARKS.md).
      System.gc();
      long t2 = System.nanoTime();
      ops =
          new OpsFeature(
              vertx,
              services.database(),
              services.blobs(),
              meters,
              localBackup(config, services, vertx));
      // what an operator watches at 08:00: how many classrooms are live on this node, in how
      // many rooms
      io.micrometer.core.instrument.Gauge.builder(
              "classbridge.live.connections", services.live(), l -> l.connections())
          .description("Live-classroom bridge connections on this node")
          .register(meters);
      io.micrometer.core.instrument.Gauge.builder(
              "classbridge.live.rooms", services.live(), l -> l.rooms())
          .description("Live rooms with a classroom connected to this node")
          .register(meters);
      // the transcode queue across the cluster: a growing "queued" with nothing "running" is stuck
      for (String state : List.of("queued", "running", "failed")) {
        io.micrometer.core.instrument.Gauge.builder(
                "classbridge.transcode.jobs", services.media(), m -> m.jobs(state))
            .description("Transcode jobs by state, across the cluster")
            .tag("state", state)
            .register(meters);
      }
      List<Feature> features = new ArrayList<>();
      features.add(ops);
      features.addAll(services.features());
      List<String> featureDeployments = new ArrayList<>();
      deploy(vertx, features, Feature.Start.BEFORE_SERVING, featureDeployments);
      List<RouteSpec> routes = features.stream().flatMap(f -> f.routes().stream()).toList();
      List<String> frames = features.stream().flatMap(f -> f.frameSources().stream()).toList();
      List<Feature.Mount> mounts = features.stream().flatMap(f -> f.mounts().stream()).toList();
      var authenticator = services.authenticator();
      // every instance listens on the same port: Vert.x shares the socket and hands each new
      // connection to one of them. Port 0 (tests) is resolved once here, since instances asking
      // for port 0 each would bind a different random port
      int port = config.http().port() == 0 ? freePort(config.http().host()) : config.http().port();
      WebAssets assets = await(webAssets);
      Router[] first = new Router[1];
      String http =
          await(
              vertx.deployVerticle(
                  () -> {
                    Router r =
                        ApiRouter.create(
                            vertx, config.http(), authenticator, routes, assets, frames);
                    synchronized (first) {
                      if (first[0] == null) {
                        first[0] = r;
                      }
                    }
                    return new ApiServer(
                        ApiRouter.withMounts(
                            vertx,
                            ApiRouter.byPrefix(
                                r, vertx, config.http(), authenticator, routes, frames),
                            mounts),
                        config.http(),
                        port);
                  },
                  new DeploymentOptions().setInstances(config.http().instances())));
      deploy(vertx, features, Feature.Start.ONCE_SERVING, featureDeployments);
      if (ops.localBackup()) {
        // where `classbridge backup` finds this server (gone with it: see close)
        BackupCli.announce(config.dataDir(), port);
      }
      LOG.info(
          "start-up: Vert.x, storage and migrations {} ms, demo data {} ms, HTTP {} ms"
              + " ({} event loops serving)",
          (t1 - t0) / 1_000_000,
          (t2 - t1) / 1_000_000,
          (System.nanoTime() - t2) / 1_000_000,
          config.http().instances());
      return new Classbridge(
          config, vertx, meters, services, ops, featureDeployments, http, port, first[0], routes);
    } catch (Exception | Error e) {
      if (ops != null) {
        ops.close();
      }
      if (services != null) {
        services.close();
      } else {
        connecting.thenAccept(Database.Connected::close);
      }
      vertx.close();
      io.micrometer.core.instrument.Metrics.removeRegistry(meters);
      throw e;
    }
  }

  /** Deploys the features' verticles that start at {@code start}, in the features' order. */
  private static void deploy(
      Vertx vertx, List<Feature> features, Feature.Start start, List<String> deployments)
      throws Exception {
    for (Feature f : features) {
      for (Feature.VerticleSpec v : f.verticles()) {
        if (v.start() == start) {
          deployments.add(
              await(
                  vertx.deployVerticle(
                      v.verticle(), new DeploymentOptions().setInstances(v.instances()))));
        }
      }
    }
  }

  /**
   * Embedded mode (H2, local blobs): the online backup `classbridge backup` asks this server for,
   * with a control token kept in data/secrets. Production has none (pg_dump, mc mirror).
   */
  private static java.util.Optional<OpsFeature.LocalBackup> localBackup(
      AppConfig config, Services services, Vertx vertx) throws java.io.IOException {
    if (!(config.blob() instanceof org.classbridge.blob.BlobConfig.Local local)
        || !config.db().url().startsWith("jdbc:h2:")) {
      return java.util.Optional.empty();
    }
    byte[] token =
        org.classbridge.common.SecretFile.readOrCreate(
            config.dataDir().resolve("secrets"), BackupCli.CONTROL_TOKEN, 32);
    return java.util.Optional.of(
        new OpsFeature.LocalBackup(
            new org.classbridge.ops.Backups(
                services.database(),
                config.db().url(),
                config.dataDir(),
                local.dir(),
                vertx.createSharedWorkerExecutor("classbridge-backup", 1),
                java.time.Clock.systemUTC()),
            java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(token)));
  }

  /** A port nobody listens on right now, for {@code port=0}. */
  private static int freePort(String host) throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return s.getLocalPort();
    }
  }

  /** A local Vert.x, or a clustered one (Hazelcast, TCP/IP join) when configured. */
  static Future<Vertx> buildVertx(ClusterConfig cluster, PrometheusMeterRegistry meters) {
    VertxOptions options =
        new VertxOptions()
            // epoll where the native library loads (Linux x86-64): Range delivery and small
            // requests cost less than on NIO; anywhere else Vert.x says so and uses NIO
            .setPreferNativeTransport(true)
            .setMetricsOptions(
                new MicrometerMetricsOptions()
                    .setEnabled(true)
                    // Vert.x keeps its metrics backends by name for the whole JVM: a name of this
                    // node's own, so a second node in one JVM (tests) gets its HTTP and JVM
                    // metrics in its own registry rather than the first node's
                    .setRegistryName("classbridge-" + java.util.UUID.randomUUID())
                    .setJvmMetricsEnabled(true)
                    .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true)));
    VertxBuilder builder =
        Vertx.builder()
            .with(options)
            .withMetrics(new SafeServerMetrics(new MicrometerMetricsFactory(meters)));
    if (!cluster.enabled()) {
      return Future.succeededFuture(builder.build());
    }
    options.getEventBusOptions().setHost(cluster.host()).setClusterPublicHost(cluster.host());
    Config hz;
    try {
      hz = hazelcast(cluster);
    } catch (UnknownHostException e) {
      return Future.failedFuture(
          new ConfigException(Setting.CLUSTER_HOST, "cannot resolve " + cluster.host()));
    }
    return builder.withClusterManager(new HazelcastClusterManager(hz)).buildClustered();
  }

  /**
   * Vert.x's own Hazelcast defaults (the maps and locks it needs), with discovery narrowed to the
   * listed members: multicast and cloud auto-detection are off, so a node never joins a cluster it
   * was not told about.
   */
  static Config hazelcast(ClusterConfig cluster) throws UnknownHostException {
    Config hz = ConfigUtil.loadConfig();
    hz.setClusterName("classbridge");
    hz.setProperty("hazelcast.logging.type", "slf4j");
    hz.setProperty("hazelcast.phone.home.enabled", "false");
    // Hazelcast wants an address here; a host name (a compose service) is resolved once
    hz.setProperty(
        "hazelcast.local.localAddress", InetAddress.getByName(cluster.host()).getHostAddress());
    hz.getNetworkConfig().setPort(cluster.port()).setPortAutoIncrement(false);
    hz.getNetworkConfig().getInterfaces().setEnabled(false);
    JoinConfig join = hz.getNetworkConfig().getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(new ArrayList<>(cluster.members()));
    return hz;
  }

  private static void refuseDemoAccountsInProduction(AppConfig config, Services services)
      throws Exception {
    if (config.mode() != AppConfig.Mode.PRODUCTION) {
      return;
    }
    long demo = await(services.accounts().countByOrigin(AccountOrigin.DEMO));
    if (demo > 0) {
      throw new ConfigException(
          "production mode refuses to run with "
              + demo
              + " demo accounts in the database; use a fresh database for production");
    }
  }

  /**
   * Netty (4.2) declares JFR events for its buffer allocator, and the first buffer chunk it takes,
   * on the first connection, initialises the whole JFR event metadata to register them: measured
   * 250-300 ms that the first request of a started server waited on two cores (BENCHMARKS.md,
   * Start-up). The events only matter to someone recording with JFR, who turns them back on with
   * {@code -Dio.netty.jfr.enabled=true}; an explicit setting is left alone. Read once by Netty's
   * {@code PlatformDependent}, so it must be set before Vert.x starts.
   */
  static void withoutNettyJfrEvents() {
    if (System.getProperty(NETTY_JFR) == null) {
      System.setProperty(NETTY_JFR, "false");
    }
  }

  static final String NETTY_JFR = "io.netty.jfr.enabled";

  /** Logs a demo part that made something, with its count and the ms since {@code since}. */
  private static Future<Integer> loaded(Future<Integer> part, String message, long since) {
    return part.andThen(
        n -> {
          if (n.succeeded() && n.result() > 0) {
            LOG.info(message, n.result(), (System.nanoTime() - since) / 1_000_000);
          }
        });
  }

  /** Waits for a start-up step; its own exception is thrown, not a wrapper. */
  static <T> T await(Future<T> f) throws Exception {
    try {
      return f.await(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new IllegalStateException("start-up step took over " + STEP_TIMEOUT_SECONDS + " s", e);
    }
  }

  private static <T> T await(CompletionStage<T> f) throws Exception {
    try {
      return f.toCompletableFuture().get(STEP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    }
  }

  public int port() {
    return port;
  }

  public Services services() {
    return services;
  }

  /** The router of the first HTTP instance (every instance has its own, built the same way). */
  public Router router() {
    return router;
  }

  /** Every API route with its access rule, as mounted. */
  public List<RouteSpec> routes() {
    return routes;
  }

  public Vertx vertx() {
    return vertx;
  }

  public PrometheusMeterRegistry meters() {
    return meters;
  }

  /**
   * Graceful stop: readiness turns 503, the servers stop accepting and let in-flight requests
   * finish (up to shutdown.grace), then the features' verticles stop, then features, pools and
   * stores close.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    ops.drain();
    if (ops.localBackup()) {
      BackupCli.unannounce(config.dataDir(), port);
    }
    undeploy(List.of(httpDeployment), "HTTP server");
    List<String> reversed = new ArrayList<>(featureDeployments);
    Collections.reverse(reversed);
    undeploy(reversed, "feature verticle");
    ops.close();
    services.close();
    io.micrometer.core.instrument.Metrics.removeRegistry(meters);
    try {
      vertx.close().await(config.http().shutdownGrace().toSeconds() + 5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Vert.x did not close cleanly: {}", e.toString());
    }
  }

  private void undeploy(List<String> deployments, String what) {
    List<Future<Void>> stopping = deployments.stream().map(vertx::undeploy).toList();
    try {
      Future.join(stopping).await(config.http().shutdownGrace().toSeconds() + 5, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("{} did not stop cleanly: {}", what, e.toString());
    }
  }
}
