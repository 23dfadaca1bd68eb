package io.streamfleet.agent.builtin;

import java.time.Duration;

/** Waits; injected so that tests can advance a manual clock instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  /** Waits for {@code nanos} nanoseconds; does nothing when {@code nanos <= 0}. */
  void sleepNanos(long nanos) throws InterruptedException;

  static Sleeper system() {
    return nanos -> {
      if (nanos > 0) {
        Thread.sleep(Duration.ofNanos(nanos));
      }
    };
  }
}
