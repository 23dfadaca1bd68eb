package io.streamfleet.agent.hardware;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CpuTimesTest {
  private static final String REAL_LOOKING_STAT =
      """
      cpu  181030 10 42217 636547 1207 3 1844 5 700 20
      cpu0 88468 0 20009 321810 227 0 842 0 0 0
      cpu1 92562 10 22208 314737 979 3 1001 5 700 20
      intr 1234 0 0
      ctxt 5678
      """;

  @Test
  void busyIsUserNiceSystemIrqSoftirqAndStealIdleIsIdleAndIowait() {
    CpuTimes times = CpuTimes.parse(REAL_LOOKING_STAT);

    assertThat(times.busyTicks()).isEqualTo(181030 + 10 + 42217 + 3 + 1844 + 5);
    assertThat(times.idleTicks()).isEqualTo(636547 + 1207);
  }

  @Test
  void guestTimeIsNotCountedTwice() {
    CpuTimes withGuest = CpuTimes.parse("cpu  100 0 0 100 0 0 0 0 80 5\n");

    assertThat(withGuest.busyTicks()).isEqualTo(100);
  }

  @Test
  void readsTheAggregateLineNotAPerCpuLine() {
    CpuTimes times = CpuTimes.parse("cpu0 1 1 1 1\ncpu  7 0 0 3\n");

    assertThat(times).isEqualTo(new CpuTimes(7, 3));
  }

  @Test
  void acceptsOldKernelsWithOnlyFourCounters() {
    assertThat(CpuTimes.parse("cpu  10 20 30 40\n")).isEqualTo(new CpuTimes(60, 40));
  }

  @Test
  void rejectsAFileWithoutACpuLine() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CpuTimes.parse("intr 1 2 3\n"))
        .withMessage("/proc/stat has no aggregate \"cpu \" line; its first line was: intr 1 2 3");
  }

  @Test
  void rejectsATruncatedCpuLine() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> CpuTimes.parse("cpu  1 2\n"))
        .withMessageStartingWith("/proc/stat cpu line has 2 counters; expected at least 4");
  }

  @Test
  void busyPercentIsTheBusyShareOfTheTicksBetweenTwoReadings() {
    CpuTimes earlier = new CpuTimes(1000, 9000);
    CpuTimes later = new CpuTimes(1300, 9100);

    assertThat(later.busyPercentSince(earlier)).isCloseTo(75.0, within(1e-9));
  }

  @Test
  void busyPercentSinceBootAveragesOverAllTime() {
    assertThat(new CpuTimes(250, 750).busyPercentSince(CpuTimes.AT_BOOT)).isCloseTo(25.0, within(1e-9));
  }

  @Test
  void busyPercentIsZeroWhenNoTicksPassed() {
    CpuTimes same = new CpuTimes(10, 10);

    assertThat(same.busyPercentSince(same)).isZero();
  }

  @Test
  void busyPercentStaysWithinZeroAndHundredWhenIowaitStepsBack() {
    CpuTimes earlier = new CpuTimes(1000, 9000);
    CpuTimes iowaitWentBackwards = new CpuTimes(1010, 8995);

    assertThat(iowaitWentBackwards.busyPercentSince(earlier)).isEqualTo(100.0);
  }
}
