package org.classbridge.http;

import io.vertx.core.Deployable;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A feature as the composition root sees it: one entry class per feature that receives the
 * infrastructure by constructor and gives back its routes, the verticles it runs (an indexer, a job
 * worker, live rooms) and how to close it. Adding a feature adds one of these to the root, not
 * fields to a shared bag.
 *
 * <p>The root deploys features' verticles in the order the features are listed, after storage is
 * open: those {@link Start#BEFORE_SERVING} before HTTP listens, those {@link Start#ONCE_SERVING}
 * right after. It undeploys them in reverse after HTTP has drained; then it calls {@link #close} in
 * reverse order.
 */
public interface Feature {

  /** The routes this feature serves, each with its access rule. */
  List<RouteSpec> routes();

  /** Verticles to deploy: EventBus consumers and timers belong in one, so undeploy stops them. */
  default List<VerticleSpec> verticles() {
    return List.of();
  }

  /**
   * Origins whose pages the web app may show in a frame (the Content Security Policy's {@code
   * frame-src}); asked once the feature's verticles run, so a port chosen at start is known.
   */
  default List<String> frameSources() {
    return List.of();
  }

  /**
   * Sub-routers the feature serves under a path prefix of its own (the live classroom's EventBus
   * bridge), built once per HTTP server instance. Their access rules are their own business, and
   * {@code access} says what they are, for the API description's reader.
   */
  default List<Mount> mounts() {
    return List.of();
  }

  /** A sub-router under {@code path} (no trailing slash). */
  record Mount(String path, String access, Function<Vertx, Router> router) {
    public Mount {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(access, "access");
      Objects.requireNonNull(router, "router");
      if (!path.matches("(/[a-z0-9-]+)+")) {
        throw new IllegalArgumentException("a path like /eventbus");
      }
    }
  }

  /**
   * Releases what the feature opened itself (worker pools, caches); storage is closed by the root.
   */
  default void close() {}

  /** When the root deploys a verticle, relative to HTTP starting to listen. */
  enum Start {
    /** Before: requests depend on it (a second origin, live presence). */
    BEFORE_SERVING,
    /**
     * Right after: background work (building the search index, transcoding, sweeps) that no request
     * waits for. On two cores it would only compete with start-up for the CPU: a first start's
     * index build and the extraction of the bundled ffmpeg are over a second of CPU.
     */
    ONCE_SERVING
  }

  /**
   * A verticle to deploy, {@code instances} times (each instance on its own event loop or worker),
   * at {@code start}.
   */
  record VerticleSpec(
      String name, Supplier<? extends Deployable> verticle, int instances, Start start) {
    public VerticleSpec {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(verticle, "verticle");
      Objects.requireNonNull(start, "start");
      if (instances < 1) {
        throw new IllegalArgumentException("instances >= 1");
      }
    }

    /** A verticle deployed before HTTP listens. */
    public VerticleSpec(String name, Supplier<? extends Deployable> verticle, int instances) {
      this(name, verticle, instances, Start.BEFORE_SERVING);
    }
  }
}
