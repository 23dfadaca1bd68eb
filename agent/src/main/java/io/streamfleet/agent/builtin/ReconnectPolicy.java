package io.streamfleet.agent.builtin;

import io.streamfleet.agent.retry.Backoff;
import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * When to try a camera again: the agent's {@link Backoff} from {@code first} up to {@code max}
 * (each delay in the upper half of its ceiling, so that a hundred cameras behind one switch that
 * rebooted do not all knock at once), started afresh after a stable connection. A decision
 * returned as a value: the source does the waiting.
 *
 * @param first the ceiling of the first delay
 * @param max the ceiling of every later one
 * @param stable how long a connection must have delivered frames before the next loss starts the
 *     backoff from {@code first} again; a camera that connects, sends a frame and drops keeps
 *     backing off instead of being hammered twice a second
 */
public record ReconnectPolicy(Duration first, Duration max, Duration stable) {
  public static final Duration FIRST = Duration.ofMillis(500);
  public static final Duration STABLE = Duration.ofSeconds(30);

  public ReconnectPolicy {
    if (first.isNegative() || first.isZero() || max.compareTo(first) < 0) {
      throw new IllegalArgumentException("reconnect delays first=" + first + " max=" + max + "; need 0 < first <= max");
    }
  }

  /** Backoff from 500 ms (or {@code max}, if less) up to {@code max}. */
  public static ReconnectPolicy upTo(Duration max) {
    return new ReconnectPolicy(FIRST.compareTo(max) < 0 ? FIRST : max, max, STABLE);
  }

  /** The wait before attempt {@code failures + 1}, after {@code failures} failed attempts in a row (0 or more). */
  public Duration delay(int failures, RandomGenerator random) {
    return Backoff.delay(first, failures, max, random);
  }
}
