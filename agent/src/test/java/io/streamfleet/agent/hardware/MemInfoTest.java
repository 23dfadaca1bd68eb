package io.streamfleet.agent.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MemInfoTest {
  @Test
  void readsTotalAndAvailable() {
    MemInfo info =
        MemInfo.parse(
            """
            MemTotal:       24683620 kB
            MemFree:        24208816 kB
            MemAvailable:   24342064 kB
            Buffers:            2620 kB
            HugePages_Total:       0
            """);

    assertThat(info).isEqualTo(new MemInfo(24_683_620, 24_342_064));
  }

  @Test
  void usedPercentIsTotalMinusAvailableOverTotal() {
    assertThat(new MemInfo(8_000_000, 6_000_000).usedPercent()).isCloseTo(25.0, within(1e-9));
  }

  @Test
  void withoutMemAvailableFreeBuffersAndCacheStandIn() {
    MemInfo info =
        MemInfo.parse(
            """
            MemTotal:       1000 kB
            MemFree:         100 kB
            Buffers:          50 kB
            Cached:          250 kB
            """);

    assertThat(info.availableKb()).isEqualTo(400);
    assertThat(info.usedPercent()).isCloseTo(60.0, within(1e-9));
  }

  @Test
  void rejectsAFileWithoutMemTotal() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MemInfo.parse("MemFree: 1 kB\n"))
        .withMessage("/proc/meminfo has no MemTotal line");
  }

  @Test
  void usedPercentIsZeroForAZeroTotalAndClampedWhenAvailableExceedsTotal() {
    assertThat(new MemInfo(0, 0).usedPercent()).isZero();
    assertThat(new MemInfo(100, 150).usedPercent()).isZero();
  }
}
