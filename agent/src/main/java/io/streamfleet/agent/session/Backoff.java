package io.streamfleet.agent.session;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Reconnect delays: exponential from 100 ms, capped, with full jitter in the upper half so a
 * fleet of agents that lost the same server does not reconnect in lockstep. A value: pure given
 * the random source. Also the event pumps' retry delays.
 */
public final class Backoff {
  public static final long BASE_MS = 100;

  private Backoff() {}

  public static Duration delay(int attempt, Duration max, RandomGenerator random) {
    long ceiling = Math.min(max.toMillis(), BASE_MS << Math.min(attempt, 20));
    return Duration.ofMillis(ceiling / 2 + random.nextLong(ceiling / 2 + 1));
  }
}
