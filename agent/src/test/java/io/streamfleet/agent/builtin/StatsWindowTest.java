package io.streamfleet.agent.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class StatsWindowTest {
  private static final long MS = 1_000_000L;

  private final StatsWindow window = new StatsWindow(Duration.ofSeconds(2));

  /** Frames 0..count-1, one every {@code periodMs}, each analysed {@code latencyMs} after capture. */
  private void feed(int count, long periodMs, long latencyMs) {
    for (int i = 0; i < count; i++) {
      long capturedAt = i * periodMs * MS;
      window.onFrame(i, capturedAt, capturedAt + latencyMs * MS);
    }
  }

  @Test
  void isAllZeroBeforeAnyFrame() {
    assertThat(window.snapshot(0)).isEqualTo(new ProcessorStats(0, 0, 0, 0, 0));
  }

  @Test
  void measuresTheRateOverTheLastTwoSeconds() {
    feed(31, 100, 0); // 10 fps for 3 s

    ProcessorStats stats = window.snapshot(3000 * MS);

    assertThat(stats.fps()).isCloseTo(10.0, within(1e-9));
    assertThat(stats.framesProcessed()).isEqualTo(31);
  }

  @Test
  void theRateFallsWhenFramesStopAndIsZeroOnceTheWindowIsEmpty() {
    feed(31, 100, 0);

    assertThat(window.snapshot(4000 * MS).fps()).isCloseTo(9 / 1.9, within(1e-9));
    assertThat(window.snapshot(5000 * MS).fps()).isZero();
  }

  @Test
  void aSingleFrameHasNoRateYet() {
    window.onFrame(0, 0, 5 * MS);

    assertThat(window.snapshot(5 * MS).fps()).isZero();
  }

  @Test
  void reportsTheMedianLatencyOfTheFramesInTheWindow() {
    long[] latenciesMs = {40, 10, 30, 20, 50};
    for (int i = 0; i < latenciesMs.length; i++) {
      long capturedAt = i * 100 * MS;
      window.onFrame(i, capturedAt, capturedAt + latenciesMs[i] * MS);
    }

    assertThat(window.snapshot(500 * MS).latencyMsP50()).isEqualTo(30.0);
  }

  @Test
  void theMedianOfAnEvenCountIsTheLowerMiddleValue() {
    window.onFrame(0, 0, 10 * MS);
    window.onFrame(1, 100 * MS, 120 * MS);

    assertThat(window.snapshot(120 * MS).latencyMsP50()).isEqualTo(10.0);
  }

  @Test
  void latencyForgetsFramesThatLeftTheWindow() {
    window.onFrame(0, 0, 500 * MS); // a slow start, analysed more than 2 s before the others
    window.onFrame(1, 2_500 * MS, 2_501 * MS);
    window.onFrame(2, 2_600 * MS, 2_601 * MS);

    assertThat(window.snapshot(2_601 * MS).latencyMsP50()).isEqualTo(1.0);
  }

  @Test
  void countsGapsInSequenceNumbersAsDroppedFrames() {
    for (long sequence : new long[] {0, 1, 4, 5, 9}) {
      window.onFrame(sequence, sequence * 100 * MS, sequence * 100 * MS);
    }

    ProcessorStats stats = window.snapshot(900 * MS);

    assertThat(stats.framesProcessed()).isEqualTo(5);
    assertThat(stats.framesDropped()).isEqualTo(5);
  }

  @Test
  void countsMotionStartsButNotEnds() {
    window.onMotionEvent(MotionEvent.start(1, 0, 0.1));
    window.onMotionEvent(MotionEvent.end(5, 0, 0));
    window.onMotionEvent(MotionEvent.start(9, 0, 0.1));

    assertThat(window.snapshot(0).motionEvents()).isEqualTo(2);
  }

  @Property
  void everySequenceNumberIsEitherProcessedOrDropped(
      @ForAll @Size(min = 1, max = 50) List<@IntRange(min = 1, max = 20) Integer> steps) {
    StatsWindow any = new StatsWindow(Duration.ofSeconds(2));
    long sequence = 0;
    any.onFrame(sequence, 0, 0);
    for (int step : steps) {
      sequence += step;
      any.onFrame(sequence, sequence, sequence);
    }

    ProcessorStats stats = any.snapshot(sequence);

    assertThat(stats.framesProcessed() + stats.framesDropped()).isEqualTo(sequence + 1);
  }
}
