package org.classbridge.testing;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Waits for a condition with a bounded poll: checks, sleeps a little, checks again, until it holds
 * or the time is up. A spin-wait would burn the core that the code under test needs (these machines
 * have two).
 */
public final class Poll {
  private static final long STEP_MS = 20;

  private Poll() {}

  /** True once {@code condition} holds, false when {@code limit} passed without it. */
  public static boolean until(Duration limit, BooleanSupplier condition) {
    long deadline = System.nanoTime() + limit.toNanos();
    while (true) {
      if (condition.getAsBoolean()) {
        return true;
      }
      if (System.nanoTime() >= deadline) {
        return false;
      }
      try {
        Thread.sleep(STEP_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return condition.getAsBoolean();
      }
    }
  }
}
