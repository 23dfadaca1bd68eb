package io.streamfleet.agent.exec;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Polls a condition until a deadline, so tests wait only as long as they must. */
final class Eventually {
  private Eventually() {}

  static void await(Duration timeout, BooleanSupplier condition) {
    await(timeout, condition, "condition");
  }

  static void await(Duration timeout, BooleanSupplier condition, String what) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " not met within " + timeout);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError("interrupted while waiting for " + what);
      }
    }
  }
}
