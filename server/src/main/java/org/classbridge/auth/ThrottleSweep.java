package org.classbridge.auth;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes the throttle's buckets that nobody touched for a whole window (they have refilled, so
 * they mean the same as no row). A timer in a verticle, so undeploying stops it.
 */
final class ThrottleSweep extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(ThrottleSweep.class);

  private final LoginThrottle throttle;
  private final Duration every;

  ThrottleSweep(LoginThrottle throttle, Duration every) {
    this.throttle = throttle;
    this.every = every;
  }

  @Override
  public Future<?> start() {
    vertx.setPeriodic(
        every.toMillis(),
        id ->
            throttle
                .sweep()
                .onSuccess(n -> LOG.debug("forgot {} refilled login buckets", n))
                .onFailure(e -> LOG.warn("login bucket sweep failed: {}", e.toString())));
    return Future.succeededFuture();
  }
}
