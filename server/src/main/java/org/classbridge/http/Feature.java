package org.classbridge.http;

import io.vertx.core.Deployable;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A feature as the composition root sees it: one entry class per feature that receives the
 * infrastructure by constructor and gives back its routes, the verticles it runs (an indexer, a job
 * worker, live rooms) and how to close it. Adding a feature adds one of these to the root, not
 * fields to a shared bag.
 *
 * <p>The root deploys features' verticles in the order the features are listed, after storage is
 * open and before HTTP listens, and undeploys them in reverse after HTTP has drained; then it calls
 * {@link #close} in reverse order.
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
   * Releases what the feature opened itself (worker pools, caches); storage is closed by the root.
   */
  default void close() {}

  /**
   * A verticle to deploy, {@code instances} times (each instance on its own event loop or worker).
   */
  record VerticleSpec(String name, Supplier<? extends Deployable> verticle, int instances) {
    public VerticleSpec {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(verticle, "verticle");
      if (instances < 1) {
        throw new IllegalArgumentException("instances >= 1");
      }
    }
  }
}
