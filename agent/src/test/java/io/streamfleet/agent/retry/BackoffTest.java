package io.streamfleet.agent.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class BackoffTest {
  private final RandomGenerator random = new SplittableRandom(42);

  @Test
  void growsExponentiallyFromAHundredMillisecondsWithJitterInTheUpperHalf() {
    for (int attempt = 0; attempt < 5; attempt++) {
      long ceiling = 100L << attempt;
      for (int i = 0; i < 100; i++) {
        assertThat(Backoff.delay(attempt, Duration.ofSeconds(5), random).toMillis()).isBetween(ceiling / 2, ceiling);
      }
    }
  }

  @Test
  void startsFromTheGivenFirstCeiling() {
    for (int attempt = 0; attempt < 4; attempt++) {
      long ceiling = 500L << attempt;
      assertThat(Backoff.delay(Duration.ofMillis(500), attempt, Duration.ofSeconds(30), random).toMillis()).isBetween(ceiling / 2, ceiling);
    }
  }

  @Test
  void neverExceedsTheCapHoweverManyAttempts() {
    for (int attempt : new int[] {10, 30, 63, 1000}) {
      assertThat(Backoff.delay(attempt, Duration.ofSeconds(5), random).toMillis()).isBetween(2500L, 5000L);
    }
  }
}
