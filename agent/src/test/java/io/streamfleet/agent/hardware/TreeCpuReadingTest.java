package io.streamfleet.agent.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class TreeCpuReadingTest {
  private static final long TICKS_PER_SECOND = 100;
  private static final long SECOND = 1_000_000_000L;

  private static ProcessStat process(long pid, long cpuTicks) {
    return new ProcessStat(pid, "p", 1, cpuTicks, 1000 + pid);
  }

  @Test
  void oneThreadBusyForTheWholeIntervalIsOneHundredPercent() {
    TreeCpuReading earlier = TreeCpuReading.of(0, List.of(process(10, 500)));
    TreeCpuReading later = TreeCpuReading.of(2 * SECOND, List.of(process(10, 700)));

    assertThat(later.percentOfOneThreadSince(earlier, TICKS_PER_SECOND)).isCloseTo(100.0, within(1e-9));
  }

  @Test
  void sumsTheProcessesOfTheTreeAndMayExceedOneHundred() {
    TreeCpuReading earlier = TreeCpuReading.of(0, List.of(process(10, 0), process(11, 0)));
    TreeCpuReading later = TreeCpuReading.of(SECOND, List.of(process(10, 100), process(11, 50)));

    assertThat(later.percentOfOneThreadSince(earlier, TICKS_PER_SECOND)).isCloseTo(150.0, within(1e-9));
  }

  @Test
  void aChildBornSinceTheEarlierReadingCountsAllItsTicks() {
    TreeCpuReading earlier = TreeCpuReading.of(0, List.of(process(10, 100)));
    TreeCpuReading later = TreeCpuReading.of(SECOND, List.of(process(10, 100), process(11, 30)));

    assertThat(later.percentOfOneThreadSince(earlier, TICKS_PER_SECOND)).isCloseTo(30.0, within(1e-9));
  }

  @Test
  void aChildThatExitedDoesNotMakeTheTreesTimeGoBackwards() {
    TreeCpuReading earlier = TreeCpuReading.of(0, List.of(process(10, 100), process(11, 5000)));
    TreeCpuReading later = TreeCpuReading.of(SECOND, List.of(process(10, 120)));

    assertThat(later.percentOfOneThreadSince(earlier, TICKS_PER_SECOND)).isCloseTo(20.0, within(1e-9));
  }

  @Test
  void aReusedPidIsANewProcess() {
    ProcessStat old = new ProcessStat(10, "old", 1, 900, 1000);
    ProcessStat reused = new ProcessStat(10, "new", 1, 40, 5000);
    TreeCpuReading earlier = TreeCpuReading.of(0, List.of(old));
    TreeCpuReading later = TreeCpuReading.of(SECOND, List.of(reused));

    assertThat(later.percentOfOneThreadSince(earlier, TICKS_PER_SECOND)).isCloseTo(40.0, within(1e-9));
  }

  @Test
  void usesTheGivenClockTickRate() {
    TreeCpuReading earlier = TreeCpuReading.of(0, List.of(process(10, 0)));
    TreeCpuReading later = TreeCpuReading.of(SECOND, List.of(process(10, 250)));

    assertThat(later.percentOfOneThreadSince(earlier, 1000)).isCloseTo(25.0, within(1e-9));
  }

  @Test
  void isZeroWhenNoTimePassed() {
    TreeCpuReading earlier = TreeCpuReading.of(SECOND, List.of(process(10, 0)));
    TreeCpuReading sameInstant = TreeCpuReading.of(SECOND, List.of(process(10, 50)));

    assertThat(sameInstant.percentOfOneThreadSince(earlier, TICKS_PER_SECOND)).isZero();
  }
}
