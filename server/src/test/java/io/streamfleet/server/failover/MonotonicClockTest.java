package io.streamfleet.server.failover;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MonotonicClockTest {
  @Test
  void startsAtTheWallTimeGivenAndAdvancesOnlyWithTheNanosecondCounter() {
    AtomicLong nanos = new AtomicLong(42_000_000_000L);
    MonotonicClock clock = new MonotonicClock(1_764_000_000_000L, nanos::get);
    assertThat(clock.millis()).isEqualTo(1_764_000_000_000L);

    nanos.addAndGet(1_500_000_000L);
    assertThat(clock.millis()).as("1.5 s later, whatever the wall clock did meanwhile").isEqualTo(1_764_000_001_500L);
  }

  @Test
  void theSystemClockNeverGoesBack() {
    MonotonicClock clock = MonotonicClock.system();
    long a = clock.millis();
    long b = clock.millis();
    assertThat(b).isGreaterThanOrEqualTo(a);
  }
}
