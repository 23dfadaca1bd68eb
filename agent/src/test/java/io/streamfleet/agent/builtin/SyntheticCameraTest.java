package io.streamfleet.agent.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class SyntheticCameraTest {
  private static final long START = 5_000_000_000L;
  private static final long MS = 1_000_000L;
  private static final long SECOND = 1_000_000_000L;

  private final ManualClock clock = new ManualClock(START);

  private SyntheticCamera camera(int fps) {
    return new SyntheticCamera("cam-1", fps, 64, 48, clock, clock.sleeper());
  }

  /** A camera on a wall timeline whose wall clock reads {@code wallNow} when it starts. */
  private static SyntheticCamera wallCamera(ManualClock monotonic, Instant wallNow, int fps) {
    return new SyntheticCamera(SyntheticScene.forCamera("cam-1", fps, 64, 48), fps,
        SyntheticCamera.Timeline.wall(Clock.fixed(wallNow, ZoneOffset.UTC)), monotonic, monotonic.sleeper());
  }

  /** The wall instant of {@code frame}, from where the camera started on both clocks. */
  private static Instant wallTimeOf(Frame frame, long monotonicStart, Instant wallStart) {
    return wallStart.plusNanos(frame.capturedAtNanos() - monotonicStart);
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
    assertThat(frame.capturedAtNanos() - START).as("captured when due: the delay shows as latency").isEqualTo(100 * MS);
    assertThat(clock.sleeps()).isEmpty();
    assertThat(camera.framesDropped()).isZero();
  }

  @Test
  void aCallerAFewPeriodsBehindGetsTheMissedFramesInOrderWithTheirDueTimes() throws Exception {
    SyntheticCamera camera = camera(10);
    camera.next();
    camera.next(); // frame 1 at 100 ms

    clock.advance(Duration.ofMillis(350)); // now 450 ms: frames 2, 3 and 4 are due, as many as are held
    Frame second = camera.next();
    Frame third = camera.next();
    Frame fourth = camera.next();

    assertThat(List.of(second.sequence(), third.sequence(), fourth.sequence())).containsExactly(2L, 3L, 4L);
    assertThat(second.capturedAtNanos() - START).isEqualTo(200 * MS);
    assertThat(camera.framesDropped()).isZero();
  }

  @Test
  void aCallerMoreFramesBehindThanAreHeldSkipsToTheNewestDueFrameAndCountsTheSkippedOnesAsDropped() throws Exception {
    SyntheticCamera camera = camera(10);
    camera.next();
    camera.next(); // frame 1 at 100 ms

    clock.advance(Duration.ofMillis(550)); // now 650 ms: frames 2 to 6 are due
    Frame late = camera.next();
    Frame next = camera.next();

    assertThat(late.sequence()).isEqualTo(6);
    assertThat(camera.framesDropped()).isEqualTo(4);
    assertThat(next.sequence()).isEqualTo(7);
    assertThat(next.capturedAtNanos() - START).isEqualTo(700 * MS);
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

  @Test
  void onAWallTimelineTheFirstFrameIsTheFirstDueFromTheStartAndTheEarlierOnesAreNotDrops() throws Exception {
    SyntheticCamera camera = wallCamera(clock, Instant.ofEpochSecond(1_780_000_000L, 250 * MS), 10);

    Frame first = camera.next();

    // Started at .250 s on the wall: frame ...002 (due at .200 s) was shot before; ...003 is due at .300 s.
    assertThat(first.sequence()).isEqualTo(17_800_000_003L);
    assertThat(first.capturedAtNanos()).isEqualTo(START + 50 * MS);
    assertThat(clock.sleeps()).containsExactly(50 * MS);
    assertThat(camera.framesDropped()).isZero();
  }

  @Test
  void onAWallTimelineAStartRightAtAFramesDueTimeDeliversThatFrameAtOnce() throws Exception {
    SyntheticCamera camera = wallCamera(clock, Instant.ofEpochSecond(1_780_000_000L, 300 * MS), 10);

    Frame first = camera.next();

    assertThat(first.sequence()).isEqualTo(17_800_000_003L);
    assertThat(first.capturedAtNanos()).isEqualTo(START);
    assertThat(clock.sleeps()).isEmpty();
  }

  @Test
  void onAWallTimelineLaterFramesArePacedOnTheMonotonicClockAtTheirWallDueTimes() throws Exception {
    SyntheticCamera camera = wallCamera(clock, Instant.ofEpochSecond(1_780_000_000L, 250 * MS), 10);

    List<Long> sequences = new ArrayList<>();
    List<Long> capturedAt = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      Frame frame = camera.next();
      sequences.add(frame.sequence());
      capturedAt.add(frame.capturedAtNanos() - START);
    }

    // Frame ...003 is due at .300 s on the wall, 50 ms after the start at .250 s; then one every 100 ms.
    assertThat(sequences).containsExactly(17_800_000_003L, 17_800_000_004L, 17_800_000_005L, 17_800_000_006L);
    assertThat(capturedAt).containsExactly(50 * MS, 150 * MS, 250 * MS, 350 * MS);
    assertThat(clock.sleeps()).containsExactly(50 * MS, 100 * MS, 100 * MS, 100 * MS);
    assertThat(camera.framesDropped()).isZero();
  }

  @Test
  void onAWallTimelineARateThatDoesNotDivideASecondDoesNotDrift() throws Exception {
    SyntheticCamera camera = wallCamera(clock, Instant.ofEpochSecond(1_780_000_000L, 500 * MS), 3);
    Frame first = camera.next();
    Frame last = null;
    for (int i = 0; i < 30; i++) {
      last = camera.next();
    }

    // Started at 0.5 s: the first is frame 2 of its second (due at 0.666... s); 30 frames later it is frame 32, due at 10.666... s.
    assertThat(first.sequence()).isEqualTo(3 * 1_780_000_000L + 2);
    assertThat(last.sequence()).isEqualTo(3 * 1_780_000_000L + 32);
    assertThat(last.capturedAtNanos() - START).isEqualTo(10_666_666_667L - 500 * MS);
    assertThat(camera.framesDropped()).isZero();
  }

  @Test
  void onAWallTimelineACallerWholePeriodsBehindSkipsAndCountsTheSkippedFramesAsDropped() throws Exception {
    SyntheticCamera camera = wallCamera(clock, Instant.ofEpochSecond(1_780_000_000L, 0), 10);
    camera.next(); // frame ...000 at .000 s

    clock.advance(Duration.ofMillis(450)); // frames ...001 to ...004 are due
    Frame late = camera.next();

    assertThat(late.sequence()).isEqualTo(17_800_000_004L);
    assertThat(camera.framesDropped()).isEqualTo(3);
  }

  @Test
  void twoCamerasOfTheSameNameStartedThreePointThreeSecondsApartNumberTheSameInstantTheSame() throws Exception {
    // Two JVMs: monotonic clocks with unrelated origins, wall clocks in step (NTP).
    Instant firstStart = Instant.ofEpochSecond(1_780_000_000L, 123_456_789);
    Instant secondStart = firstStart.plusMillis(3_300);
    ManualClock firstMachine = new ManualClock(5 * SECOND);
    ManualClock secondMachine = new ManualClock(987 * SECOND);
    SyntheticCamera first = wallCamera(firstMachine, firstStart, 10);
    SyntheticCamera second = wallCamera(secondMachine, secondStart, 10);

    Map<Long, Frame> firstFrames = new HashMap<>();
    Map<Long, Instant> firstWallTimes = new HashMap<>();
    for (int i = 0; i < 60; i++) {
      Frame frame = first.next();
      firstFrames.put(frame.sequence(), frame);
      firstWallTimes.put(frame.sequence(), wallTimeOf(frame, 5 * SECOND, firstStart));
    }
    List<Frame> secondFrames = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      secondFrames.add(second.next());
    }

    long firstOfFirst = 17_800_000_002L; // started at .123 s: frame 2 of its second, due at .2 s
    long firstOfSecond = secondFrames.getFirst().sequence();
    assertThat(firstFrames).containsKey(firstOfFirst);
    assertThat(firstOfSecond).as("3.3 s at 10 fps later").isEqualTo(firstOfFirst + 33);
    assertThat(firstWallTimes.get(firstOfSecond)).as("the first camera's frame of that number was the first due from that instant")
        .isAfterOrEqualTo(secondStart);
    assertThat(firstWallTimes.get(firstOfSecond - 1)).isBefore(secondStart);
    for (Frame frame : secondFrames) {
      assertThat(wallTimeOf(frame, 987 * SECOND, secondStart)).as("wall time of frame %d", frame.sequence())
          .isEqualTo(firstWallTimes.get(frame.sequence()));
    }
    for (Frame frame : secondFrames) {
      assertThat(frame.luma()).as("picture of frame %d", frame.sequence()).isEqualTo(firstFrames.get(frame.sequence()).luma());
    }
    assertThat(second.framesDropped()).isZero();
  }

  @Test
  void aWallClockBeforeTheUnixEpochIsRefusedWithTheRemedy() {
    SyntheticCamera camera = wallCamera(clock, Instant.parse("1969-12-31T23:59:59Z"), 10);

    assertThatIllegalStateException()
        .isThrownBy(camera::next)
        .withMessage("the wall clock reads 1969-12-31T23:59:59Z, before the Unix epoch; timeline=wall numbers frames "
            + "from 1970-01-01T00:00:00Z, so set the clock (NTP) or use timeline=start");
  }

  @Test
  void onAStartTimelineTheFirstFrameIsZeroWhenTheCameraStarts() throws Exception {
    SyntheticCamera camera = new SyntheticCamera(SyntheticScene.forCamera("cam-1", 10, 64, 48), 10,
        SyntheticCamera.Timeline.start(), clock, clock.sleeper());

    Frame first = camera.next();
    Frame second = camera.next();

    assertThat(first.sequence()).isZero();
    assertThat(second.sequence()).isEqualTo(1);
    assertThat(second.capturedAtNanos() - first.capturedAtNanos()).isEqualTo(100 * MS);
  }

  @Property
  void dueTimesStayExactForWallClockTimesUntilTheYear2100(
      @ForAll @LongRange(min = 1, max = 4_102_444_800L) long epochSecond,
      @ForAll @IntRange(min = 0, max = 239) int frameOfSecond, @ForAll @IntRange(min = 1, max = 240) int fps) {
    long sequence = epochSecond * fps + frameOfSecond % fps;
    long offset = SyntheticCamera.offsetOf(sequence, fps);

    assertThat(offset / SECOND).isEqualTo(epochSecond);
    assertThat(SyntheticCamera.framesDueWithin(offset, fps)).isEqualTo(sequence);
    assertThat(SyntheticCamera.framesDueWithin(offset - 1, fps)).isEqualTo(sequence - 1);
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
