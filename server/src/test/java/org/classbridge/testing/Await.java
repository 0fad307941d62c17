package org.classbridge.testing;

import io.vertx.core.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for a Vert.x future from a test thread (never from an event loop). */
public final class Await {
  private Await() {}

  /** The result, or the future's own failure rethrown (Vert.x 5's timed await unwraps it). */
  public static <T> T await(Future<T> f) {
    try {
      return f.await(60, TimeUnit.SECONDS);
    } catch (RuntimeException | Error e) {
      throw e;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  /** The failure of a future that must fail. */
  public static Throwable failure(Future<?> f) {
    try {
      f.await(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new AssertionError("the future did not complete in 60 s", e);
    } catch (Throwable e) {
      return e;
    }
    throw new AssertionError("expected the future to fail, it succeeded");
  }
}
