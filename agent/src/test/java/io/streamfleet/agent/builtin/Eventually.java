package io.streamfleet.agent.builtin;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import org.opentest4j.AssertionFailedError;

/** Deadline-based waiting for tests that involve real threads: polls, never a fixed sleep. */
final class Eventually {
  private Eventually() {}

  static void await(Duration timeout, String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionFailedError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
      }
      Thread.sleep(5);
    }
  }
}
