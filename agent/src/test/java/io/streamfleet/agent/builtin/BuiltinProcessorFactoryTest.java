package io.streamfleet.agent.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BuiltinProcessorFactoryTest {
  /** 10:15:30.25 on the wall: frame 17_646_705_302 at 10 fps since the Unix epoch was due at .20 s. */
  private static final Instant WALL_NOW = Instant.parse("2025-12-02T10:15:30.25Z");

  private final ManualClock clock = new ManualClock(0);
  private final Clock wallClock = Clock.fixed(WALL_NOW, ZoneOffset.UTC);
  private final BuiltinProcessorFactory factory =
      new BuiltinProcessorFactory(clock, wallClock, clock.sleeper(), HardwareDecode.NONE);

  @Test
  void rejectsAnUnknownProcessorNamingTheKnownOnes() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> factory.create("yolo", "synthetic://cam-1", Map.of()))
        .withMessage("unknown builtin processor 'yolo'; known: motion, synthetic");
  }

  @ParameterizedTest
  @ValueSource(strings = {"motion", "synthetic"})
  void aSyntheticUrlGivesACameraWithItsRateAndSize(String processor) throws Exception {
    BuiltinPipeline pipeline = factory.create(processor, "synthetic://cam-1?fps=25&width=320&height=180", Map.of());

    assertThat(pipeline.source()).isInstanceOf(SyntheticCamera.class);
    assertThat(((SyntheticCamera) pipeline.source()).fps()).isEqualTo(25);
    Frame first = pipeline.source().next();
    Frame second = pipeline.source().next();
    assertThat(first.width()).isEqualTo(320);
    assertThat(first.height()).isEqualTo(180);
    assertThat(second.capturedAtNanos() - first.capturedAtNanos()).isEqualTo(40_000_000L);
  }

  @Test
  void aSyntheticUrlWithoutParamsUsesTenFramesASecondAt640x360() throws Exception {
    BuiltinPipeline pipeline = factory.create("synthetic", "synthetic://cam-1", Map.of());

    Frame frame = pipeline.source().next();

    assertThat(((SyntheticCamera) pipeline.source()).fps()).isEqualTo(10);
    assertThat(frame.width()).isEqualTo(640);
    assertThat(frame.height()).isEqualTo(360);
  }

  @Test
  void theSameCameraNameGivesTheSameFramesWhicheverFactoryBuildsIt() throws Exception {
    Frame one = factory.create("motion", "synthetic://gate", Map.of()).source().next();
    Frame other = new BuiltinProcessorFactory(clock, wallClock, clock.sleeper(), HardwareDecode.NONE)
        .create("synthetic", "synthetic://gate", Map.of()).source().next();

    assertThat(other.luma()).isEqualTo(one.luma());
  }

  @Test
  void passesMotionParamsToTheDetector() throws Exception {
    BuiltinPipeline pipeline = factory.create("motion", "synthetic://cam-1", Map.of("threshold", "40", "hold_frames", "3"));

    assertThat(pipeline.detector().settings()).isEqualTo(new MotionSettings(40, 0.005, 4, 3));
  }

  @Test
  void rejectsABadMotionParamBeforeStartingAnything() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> factory.create("motion", "rtsp://cam-1.local/stream", Map.of("min_area", "2")))
        .withMessageStartingWith("min_area=2 must be a number above 0 and at most 1");
  }

  @Test
  void rejectsAnUnknownParamListingTheKnownOnes() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> factory.create("motion", "rtsp://cam-1.local/stream", Map.of("treshold", "30")))
        .withMessage("unknown param 'treshold' for a builtin processor; known: "
            + "analyze_ms, block, connect_timeout_s, frame_events, height, hold_frames, hwaccel, min_area, reconnect, reconnect_max_s, "
            + "rtsp_transport, stall_timeout_s, threshold, width");
  }

  @ParameterizedTest
  @ValueSource(strings = {"synthetic://cam-1?fps=10", "synthetic://cam-1?fps=10&timeline=start"})
  void aSyntheticCameraCountsFromZeroAtItsFirstFrameUnlessToldOtherwise(String url) throws Exception {
    Frame first = factory.create("synthetic", url, Map.of()).source().next();

    assertThat(first.sequence()).isZero();
  }

  @Test
  void aWallTimelineNumbersFramesFromTheUnixEpochOnTheInjectedWallClockWithThePhaseOfTheCamera() throws Exception {
    FrameSource source = factory.create("motion", "synthetic://cam-1?fps=10&timeline=wall", Map.of()).source();

    Frame first = source.next();
    Frame second = source.next();

    // Frame n of cam-1 is due n * 100 ms plus cam-1's phase (under 100 ms) after the Unix epoch.
    long phase = SyntheticCamera.Timeline.phaseOf("cam-1", 10);
    long sinceEpoch = WALL_NOW.getEpochSecond() * 1_000_000_000L + WALL_NOW.getNano();
    assertThat(phase).isBetween(0L, 99_999_999L);
    assertThat(first.sequence()).as("the first due at or after the start")
        .isEqualTo(Math.ceilDiv(sinceEpoch - phase, 100_000_000L));
    assertThat(second.sequence()).isEqualTo(first.sequence() + 1);
    assertThat(second.capturedAtNanos() - first.capturedAtNanos()).as("frame ..4 is due at .40 s").isEqualTo(100_000_000L);
  }

  @Test
  void rejectsAnUnknownTimelineNamingTheTwoValues() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> factory.create("motion", "synthetic://cam-1?timeline=utc", Map.of()))
        .withMessage("stream URL timeline=utc must be start (frame 0 is the first frame read, the default) or wall "
            + "(frame n is due n/fps seconds after the Unix epoch, so cameras of the same name number the same instant the same)");
  }

  @Test
  void frameEventsAreOffByDefault() throws Exception {
    BuiltinPipeline pipeline = factory.create("motion", "synthetic://cam-1", Map.of());

    assertThat(pipeline.events()).isEqualTo(BuiltinEventSettings.DEFAULTS);
    assertThat(pipeline.events().frameEvents()).isFalse();
  }

  @Test
  void frameEventsTrueAsksForAnEventPerFrame() throws Exception {
    BuiltinPipeline pipeline = factory.create("synthetic", "synthetic://cam-1", Map.of("frame_events", "true"));

    assertThat(pipeline.events().frameEvents()).isTrue();
  }

  @Test
  void rejectsAFrameEventsValueOtherThanTrueOrFalseBeforeStartingAnything() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> factory.create("motion", "rtsp://cam-1.local/stream", Map.of("frame_events", "yes")))
        .withMessageStartingWith("frame_events=yes must be true or false");
  }

  @Test
  void rejectsSizeParamsForASyntheticUrlPointingToTheUrlQuery() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> factory.create("motion", "synthetic://cam-1", Map.of("width", "320")))
        .withMessage("param width does not apply to a synthetic:// source; set the size in its URL instead, "
            + "e.g. synthetic://NAME?width=640&height=360");
  }

  @Test
  void rejectsAnInvalidSyntheticUrl() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> factory.create("motion", "synthetic://cam-1?fps=0", Map.of()))
        .withMessage("stream URL fps=0 must be a whole number from 1 to 240");
  }

  @Test
  void theSyntheticProcessorNeedsASyntheticUrl() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> factory.create("synthetic", "rtsp://admin:pw@cam-1.local/stream", Map.of()))
        .withMessage("the synthetic processor simulates a camera and needs a URL like "
            + "synthetic://NAME?fps=10&width=640&height=360, not 'rtsp://admin:***@cam-1.local/stream'; "
            + "use the motion processor to analyse a real source");
  }

  @Test
  void rejectsAFfmpegFrameSizeOutOfRange() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> factory.create("motion", "rtsp://cam-1.local/stream", Map.of("height", "8")))
        .withMessage("height=8 must be a whole number from 16 to 4320: the height in pixels that ffmpeg scales "
            + "frames to before analysis (default 360)");
  }

  @Test
  void anyOtherUrlGivesAnFfmpegSourceAtTheRequestedSize() throws Exception {
    BuiltinPipeline pipeline = factory.create("motion", "lavfi:testsrc2=size=64x48:rate=25", Map.of("width", "32", "height", "24"));
    try (FrameSource source = pipeline.source()) {
      assertThat(source).isInstanceOf(ConnectingFrameSource.class);
      assertThat(source.decoder()).isEqualTo("software");
      Frame frame = source.next();
      assertThat(frame.width()).isEqualTo(32);
      assertThat(frame.height()).isEqualTo(24);
    }
  }

  @Test
  void rejectsAnRtspTransportOtherThanTcpOrUdp() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> factory.create("motion", "rtsp://cam-1.local/stream", Map.of("rtsp_transport", "http")))
        .withMessageStartingWith("rtsp_transport=http must be one of tcp, udp: how rtsp:// sources carry video");
  }

  @Test
  void sourceParamsDoNotApplyToASyntheticCamera() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> factory.create("motion", "synthetic://cam-1", Map.of("stall_timeout_s", "5")))
        .withMessage("param stall_timeout_s does not apply to a synthetic:// source");
  }

  @Test
  void camerasOfTheSameRateOnAWallTimelineHaveDifferentPhasesAndACameraAlwaysTheSame() {
    java.util.Set<Long> phases = new java.util.HashSet<>();
    for (int i = 1; i <= 100; i++) {
      phases.add(SyntheticCamera.Timeline.phaseOf("cam-" + i, 30));
    }

    assertThat(phases).as("100 cameras at 30 fps").hasSizeGreaterThan(90).allMatch(p -> p >= 0 && p < 33_333_333L);
    assertThat(SyntheticCamera.Timeline.phaseOf("cam-7", 30)).isEqualTo(SyntheticCamera.Timeline.phaseOf("cam-7", 30));
  }
}
