package org.classbridge.common;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.util.Collection;
import java.util.Iterator;
import java.util.function.Function;

/** Future helpers the Vert.x API does not have. */
public final class Futures {
  private Futures() {}

  /**
   * Runs {@code step} for each item, one after the other (each starts when the previous one has
   * succeeded), and fails at the first failure. In order rather than all at once, so a long list
   * never holds more than one SQL worker.
   *
   * <p>Driven by an iterator rather than by composing one future per item up front: a chain of
   * thousands of composed futures passes a failure down by nested calls and can overflow the stack,
   * leaving the request without an answer.
   */
  public static <T> Future<Void> inOrder(Collection<T> items, Function<T, Future<?>> step) {
    Promise<Void> done = Promise.promise();
    next(items.iterator(), step, done);
    return done.future();
  }

  private static <T> void next(Iterator<T> it, Function<T, Future<?>> step, Promise<Void> done) {
    while (it.hasNext()) {
      Future<?> f;
      try {
        f = step.apply(it.next());
      } catch (RuntimeException e) {
        done.fail(e);
        return;
      }
      if (!f.isComplete()) {
        f.onComplete(
            ar -> {
              if (ar.succeeded()) {
                next(it, step, done);
              } else {
                done.fail(ar.cause());
              }
            });
        return;
      }
      if (f.failed()) {
        done.fail(f.cause());
        return;
      }
      // completed already: carry on in this loop, not in a nested call
    }
    done.complete();
  }
}
