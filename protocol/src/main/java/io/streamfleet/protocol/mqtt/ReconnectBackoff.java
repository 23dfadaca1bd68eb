package io.streamfleet.protocol.mqtt;

import java.time.Duration;

/**
 * How long to wait before the next connection attempt: {@code initial}, doubled after every failed
 * attempt, capped at {@code max}. Up to a quarter is taken off at random so that many clients do
 * not retry in lockstep after a broker restart. A decision as a value; the caller does the waiting.
 */
record ReconnectBackoff(Duration initial, Duration max) {
  /** Quick first retries (a broker restart takes well under a second), at most 5 s apart. */
  static final ReconnectBackoff DEFAULT = new ReconnectBackoff(Duration.ofMillis(100), Duration.ofSeconds(5));

  /**
   * @param failedAttempts attempts since the connection was lost or first tried (0 before the first retry)
   * @param random a number in [0, 1)
   */
  Duration delay(int failedAttempts, double random) {
    long maxMs = max.toMillis();
    // initial << 30 is far beyond any sensible cap; stopping there keeps the shift from overflowing.
    long baseMs = Math.min(maxMs, initial.toMillis() << Math.min(failedAttempts, 30));
    return Duration.ofMillis(baseMs - (long) (baseMs * 0.25 * random));
  }
}
