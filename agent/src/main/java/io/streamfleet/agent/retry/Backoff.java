package io.streamfleet.agent.retry;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Retry delays: exponential from a first ceiling, capped, each drawn from the upper half of its
 * ceiling so that many clients that lost the same peer (agents their server, cameras behind a
 * rebooted switch) do not come back in lockstep. A value: pure given the random source. The
 * agent's reconnects to its servers, its event pumps' retries and its cameras' reconnects.
 */
public final class Backoff {
  /** The first ceiling of the agent's reconnects and retries. */
  public static final Duration FIRST = Duration.ofMillis(100);

  private Backoff() {}

  /** The wait after {@code attempt} failed attempts in a row (0 or more): 50–100 ms, then 100–200 ms ... up to {@code max}. */
  public static Duration delay(int attempt, Duration max, RandomGenerator random) {
    return delay(FIRST, attempt, max, random);
  }

  /** The same from {@code first}: ceilings first, 2 x first, 4 x first ... capped at {@code max}. */
  public static Duration delay(Duration first, int attempt, Duration max, RandomGenerator random) {
    // first << 20 is far beyond any cap used; stopping there keeps the shift from overflowing.
    long ceiling = Math.min(max.toMillis(), first.toMillis() << Math.min(attempt, 20));
    return Duration.ofMillis(ceiling / 2 + random.nextLong(ceiling / 2 + 1));
  }
}
