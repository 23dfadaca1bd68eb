package io.streamfleet.agent.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SyntheticCameraTest {
  private static final long START = 5_000_000_000L;
  private static final long MS = 1_000_000L;

  private final ManualClock clock = new ManualClock(START);

  private SyntheticCamera camera(int fps) {
    return new SyntheticCamera("cam-1", fps, 64, 48, clock, clock.sleeper());
  }

  @Test
  void deliversFramesExactlyOneFramePeriodApartWithConsecutiveSequenceNumbers() throws Exception {
    SyntheticCamera camera = camera(10);

    List<Long> sequences = new ArrayList<>();
    List<Long> capturedAt = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      Frame frame = camera.next();
      sequences.add(frame.sequence());
      capturedAt.add(frame.capturedAtNanos() - START);
    }

    assertThat(sequences).containsExactly(0L, 1L, 2L, 3L, 4L);
    assertThat(capturedAt).containsExactly(0L, 100 * MS, 200 * MS, 300 * MS, 400 * MS);
    assertThat(clock.sleeps()).containsExactly(100 * MS, 100 * MS, 100 * MS, 100 * MS);
    assertThat(camera.framesDropped()).isZero();
  }

  @Test
  void sleepsOnlyForWhatIsLeftOfTheFramePeriodWhenTheCallerTookSomeOfIt() throws Exception {
    SyntheticCamera camera = camera(10);
    camera.next();

    clock.advance(Duration.ofMillis(30));
    Frame frame = camera.next();

    assertThat(clock.sleeps()).containsExactly(70 * MS);
    assertThat(frame.capturedAtNanos() - START).isEqualTo(100 * MS);
  }

  @Test
  void aCallerLessThanOnePeriodLateGetsTheNextFrameAtOnceWithoutDropping() throws Exception {
    SyntheticCamera camera = camera(10);
    camera.next();

    clock.advance(Duration.ofMillis(150));
    Frame frame = camera.next();

    assertThat(frame.sequence()).isEqualTo(1);
    assertThat(frame.capturedAtNanos() - START).isEqualTo(150 * MS);
    assertThat(clock.sleeps()).isEmpty();
    assertThat(camera.framesDropped()).isZero();
  }

  @Test
  void aCallerWholePeriodsBehindSkipsToTheNewestDueFrameAndCountsTheSkippedOnesAsDropped() throws Exception {
    SyntheticCamera camera = camera(10);
    camera.next();
    camera.next(); // frame 1 at 100 ms

    clock.advance(Duration.ofMillis(350)); // now 450 ms: frames 2, 3 and 4 are due
    Frame late = camera.next();
    Frame next = camera.next();

    assertThat(late.sequence()).isEqualTo(4);
    assertThat(camera.framesDropped()).isEqualTo(2);
    assertThat(next.sequence()).isEqualTo(5);
    assertThat(next.capturedAtNanos() - START).isEqualTo(500 * MS);
  }

  @Test
  void keepsAnAbsoluteScheduleSoRatesThatDoNotDivideASecondDoNotDrift() throws Exception {
    SyntheticCamera camera = camera(3);
    Frame last = null;
    for (int i = 0; i <= 30; i++) {
      last = camera.next();
    }

    assertThat(last.sequence()).isEqualTo(30);
    assertThat(last.capturedAtNanos() - START).isEqualTo(10_000 * MS);
    assertThat(camera.framesDropped()).isZero();
  }

  @Property
  void aFrameBecomesDueExactlyAtItsOwnDueTime(
      @ForAll @LongRange(min = 1, max = 1_000_000_000L) long sequence, @ForAll @IntRange(min = 1, max = 240) int fps) {
    long offset = SyntheticCamera.offsetOf(sequence, fps);

    assertThat(SyntheticCamera.framesDueWithin(offset, fps)).isEqualTo(sequence);
    assertThat(SyntheticCamera.framesDueWithin(offset - 1, fps)).isEqualTo(sequence - 1);
  }

  @Test
  void framesHaveTheRequestedSize() throws Exception {
    Frame frame = new SyntheticCamera("cam-1", 10, 320, 180, clock, clock.sleeper()).next();

    assertThat(frame.width()).isEqualTo(320);
    assertThat(frame.height()).isEqualTo(180);
    assertThat(frame.luma()).hasSize(320 * 180);
  }

  @Test
  void returnsNullOnceClosed() throws Exception {
    SyntheticCamera camera = camera(10);
    camera.next();

    camera.close();
    camera.close();

    assertThat(camera.next()).isNull();
  }

  @Test
  void rejectsAFrameRateBelowOne() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> camera(0))
        .withMessage("fps is 0; a synthetic camera needs at least 1");
  }
}
