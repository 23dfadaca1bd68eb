package io.streamfleet.agent.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class ClockTicksTest {
  @Test
  void usesWhatGetconfPrints() {
    assertThat(ClockTicks.parse(Optional.of("250\n"))).isEqualTo(250);
  }

  @Test
  void fallsBackToOneHundredWithoutGetconf() {
    assertThat(ClockTicks.parse(Optional.empty())).isEqualTo(100);
  }

  @Test
  void fallsBackToOneHundredOnNonsense() {
    assertThat(ClockTicks.parse(Optional.of("undefined\n"))).isEqualTo(100);
    assertThat(ClockTicks.parse(Optional.of("0"))).isEqualTo(100);
    assertThat(ClockTicks.parse(Optional.of("-1"))).isEqualTo(100);
  }

  @Test
  void isOneHundredOnLinux() {
    assertThat(ClockTicks.perSecond()).isEqualTo(100);
  }
}
