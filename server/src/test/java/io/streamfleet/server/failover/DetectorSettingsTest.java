package io.streamfleet.server.failover;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class DetectorSettingsTest {
  @Test
  void aDownLimitBelowTheSuspectLimitIsRefusedNamingTheValues() {
    assertThatThrownBy(() -> new DetectorSettings(250, 600, 100, 300, 5000, 2, 60_000, 30_000, 1500, 500))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("suspect-after 600 ms, down-after 100 ms")
        .hasMessageContaining("need 0 < heartbeat-interval < suspect-after <= down-after <= leader-grace");
  }

  @Test
  void aLeaseNoLongerThanTheHeartbeatIntervalIsRefused() {
    assertThatThrownBy(() -> new DetectorSettings(250, 600, 1000, 300, 5000, 2, 60_000, 30_000, 250, 500))
        .hasMessageContaining("lease 250 ms");
  }
}
