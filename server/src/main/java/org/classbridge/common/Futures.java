package org.classbridge.common;

import io.vertx.core.Future;
import java.util.Collection;
import java.util.function.Function;

/** Future helpers the Vert.x API does not have. */
public final class Futures {
  private Futures() {}

  /**
   * Runs {@code step} for each item, one after the other (each starts when the previous one has
   * succeeded), and fails at the first failure. In order rather than all at once, so a long list
   * never holds more than one SQL worker.
   */
  public static <T> Future<Void> inOrder(Collection<T> items, Function<T, Future<?>> step) {
    Future<Void> chain = Future.succeededFuture();
    for (T item : items) {
      chain = chain.compose(v -> step.apply(item).mapEmpty());
    }
    return chain;
  }
}
