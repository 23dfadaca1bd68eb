package io.streamfleet.agent.session;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Lets the failover simulation use the agent's real reconnect delays. {@link Backoff} is
 * package-private, so this test class of the simulation module sits in the agent's package for
 * that one purpose; it adds no behaviour.
 */
public final class ReconnectBackoff {
  private ReconnectBackoff() {}

  public static long delayMs(int attempt, long capMs, RandomGenerator random) {
    return Backoff.delay(attempt, Duration.ofMillis(capMs), random).toMillis();
  }
}
