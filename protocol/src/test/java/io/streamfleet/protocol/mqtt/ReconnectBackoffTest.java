package io.streamfleet.protocol.mqtt;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class ReconnectBackoffTest {
  private final ReconnectBackoff backoff = ReconnectBackoff.DEFAULT;

  @Test
  void theDelayDoublesAfterEveryFailedAttempt() {
    assertThat(backoff.delay(0, 0)).isEqualTo(Duration.ofMillis(100));
    assertThat(backoff.delay(1, 0)).isEqualTo(Duration.ofMillis(200));
    assertThat(backoff.delay(3, 0)).isEqualTo(Duration.ofMillis(800));
  }

  @Test
  void theDelayNeverExceedsFiveSecondsHoweverManyAttemptsFailed() {
    assertThat(backoff.delay(6, 0)).isEqualTo(Duration.ofSeconds(5));
    assertThat(backoff.delay(1_000, 0)).isEqualTo(Duration.ofSeconds(5));
  }

  @Test
  void randomnessTakesOffAtMostAQuarter() {
    assertThat(backoff.delay(0, 0.999)).isEqualTo(Duration.ofMillis(76));
    assertThat(backoff.delay(100, 0.5)).isEqualTo(Duration.ofMillis(4375));
  }
}
