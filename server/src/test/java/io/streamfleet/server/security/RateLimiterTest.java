package io.streamfleet.server.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
  private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
  private final RateLimiter limiter = new RateLimiter(2, 3, nanos::get);

  @Test
  void allowsTheBurstThenAsksToWaitForTheNextToken() {
    assertThat(limiter.retryAfterSeconds("a")).isZero();
    assertThat(limiter.retryAfterSeconds("a")).isZero();
    assertThat(limiter.retryAfterSeconds("a")).isZero();
    assertThat(limiter.retryAfterSeconds("a")).isEqualTo(1);
    nanos.addAndGet(500_000_000L); // half a second refills one token at 2/s
    assertThat(limiter.retryAfterSeconds("a")).isZero();
    assertThat(limiter.retryAfterSeconds("a")).isEqualTo(1);
  }

  @Test
  void keysHaveTheirOwnBuckets() {
    for (int i = 0; i < 3; i++) {
      limiter.retryAfterSeconds("a");
    }
    assertThat(limiter.retryAfterSeconds("a")).isPositive();
    assertThat(limiter.retryAfterSeconds("b")).isZero();
  }

  @Test
  void aSlowRateAsksForALongerWait() {
    RateLimiter slow = new RateLimiter(0.1, 1, nanos::get);
    slow.retryAfterSeconds("a");
    assertThat(slow.retryAfterSeconds("a")).isEqualTo(10);
  }

  @Test
  void refusesNonsense() {
    assertThatIllegalArgumentException().isThrownBy(() -> new RateLimiter(0, 1, nanos::get));
    assertThatIllegalArgumentException().isThrownBy(() -> new RateLimiter(1, 0, nanos::get));
  }
}
