package org.classbridge.auth;

import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Throttle buckets in memory, for testing the throttle's rules without a database. Updates are
 * serialised by one lock, as the database serialises them by row locks.
 */
final class MemoryBuckets implements LoginThrottle.Buckets {
  private record Stored(double tokens, Instant last) {}

  private final Map<String, Stored> stored = new HashMap<>();
  private final Duration window;
  private final Clock clock;

  MemoryBuckets(Duration window, Clock clock) {
    this.window = window;
    this.clock = clock;
  }

  @Override
  public synchronized <T> Future<T> update(
      List<LoginThrottle.Key> keys, LoginThrottle.Change<T> change) {
    Instant now = clock.instant();
    Map<String, LoginThrottle.Bucket> byName = new HashMap<>();
    for (LoginThrottle.Key k : keys) {
      Stored s = stored.get(k.name());
      byName.put(
          k.name(),
          s == null
              ? LoginThrottle.Bucket.full(k.capacity(), window, now)
              : new LoginThrottle.Bucket(k.capacity(), window, s.tokens(), s.last()));
    }
    T result = change.apply(byName, now);
    byName.forEach(
        (name, b) -> {
          b.settle(now);
          stored.put(name, new Stored(b.tokens(), b.last()));
        });
    return Future.succeededFuture(result);
  }

  @Override
  public synchronized Future<Integer> forget(Instant before) {
    int n = stored.size();
    stored.values().removeIf(s -> s.last().isBefore(before));
    return Future.succeededFuture(n - stored.size());
  }
}
