package io.streamfleet.agent.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class OutboxLimitsTest {
  @Test
  void withoutFlagsTheDefaultsHold() {
    assertThat(OutboxLimits.of(null, null)).isEqualTo(new OutboxLimits(256 * OutboxLimits.MIB, Duration.ofDays(7), 4 * OutboxLimits.MIB));
  }

  @Test
  void theFlagsAreMebibytesAndHoursAndSmallBoundsGetSmallerSegments() {
    OutboxLimits limits = OutboxLimits.of(8, 2);

    assertThat(limits.maxBytes()).isEqualTo(8 * OutboxLimits.MIB);
    assertThat(limits.maxAge()).isEqualTo(Duration.ofHours(2));
    assertThat(limits.segmentBytes()).as("a quarter of the bound, so it is kept to within a quarter").isEqualTo(2 * OutboxLimits.MIB);
  }

  @Test
  void aBoundBelowOneIsRefusedNamingTheFlag() {
    assertThatThrownBy(() -> OutboxLimits.of(0, null)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--outbox-max-mb 0 is too small; give 1 or more (MiB; default 256)");
    assertThatThrownBy(() -> OutboxLimits.of(null, -1)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("--outbox-max-age-h -1 is too small; give 1 or more (hours; default 168)");
  }

  @Test
  void aSegmentLargerThanTheBoundIsRefused() {
    assertThatThrownBy(() -> new OutboxLimits(1000, Duration.ofHours(1), 2000)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("segment size is 2000 bytes");
  }
}
