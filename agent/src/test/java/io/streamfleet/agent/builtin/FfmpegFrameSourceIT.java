package io.streamfleet.agent.builtin;

import io.streamfleet.agent.Eventually;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import io.streamfleet.testing.RequiresProgram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Against the real ffmpeg on the PATH, decoding its own test pattern. */
@Tag("integration")
@RequiresProgram(value = "ffmpeg", debianPackage = "ffmpeg")
class FfmpegFrameSourceIT {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
  private static final String TEST_PATTERN = "lavfi:testsrc2=size=320x240:rate=25";

  @Test
  void deliversFramesOfTheRequestedSizeInOrder() throws Exception {
    try (FfmpegFrameSource source = new FfmpegFrameSource(TEST_PATTERN, 160, 120, START_TIMEOUT)) {
      Frame first = source.next();
      Frame second = source.next();

      assertThat(first.width()).isEqualTo(160);
      assertThat(first.height()).isEqualTo(120);
      assertThat(first.luma()).hasSize(160 * 120);
      assertThat(second.sequence()).isGreaterThan(first.sequence());
      assertThat(second.capturedAtNanos()).isGreaterThan(first.capturedAtNanos());
    }
  }

  @Test
  void theMotionDetectorSeesTheMovingPartsOfTheTestPattern() throws Exception {
    MotionDetector detector = new MotionDetector(MotionSettings.DEFAULTS);
    int framesWithMotion = 0;
    try (FfmpegFrameSource source = new FfmpegFrameSource(TEST_PATTERN, 320, 240, START_TIMEOUT)) {
      for (int i = 0; i < 10; i++) {
        if (detector.analyze(source.next()).motion()) {
          framesWithMotion++;
        }
      }
    }

    assertThat(framesWithMotion).isGreaterThanOrEqualTo(5);
  }

  @Test
  void aShortInputEndsWithNullAfterItsLastFrame() throws Exception {
    try (FfmpegFrameSource source = new FfmpegFrameSource(
        "lavfi:testsrc2=size=64x48:rate=25:duration=0.2", 64, 48, START_TIMEOUT)) {
      int frames = 0;
      while (source.next() != null) {
        frames++;
      }

      assertThat(frames).isBetween(1, 5);
    }
  }

  @Test
  void aBadUrlFailsWithFfmpegsOwnExplanation() throws Exception {
    try (FfmpegFrameSource source = new FfmpegFrameSource("file:///no/such/video.mp4", 64, 48, START_TIMEOUT)) {
      assertThatIOException()
          .isThrownBy(source::next)
          .withMessageStartingWith("ffmpeg exited with code 1 reading file:///no/such/video.mp4: ")
          .withMessageContaining("No such file or directory");
    }
  }

  @Test
  void aSourceThatSendsNoFrameInTimeFailsSayingSo() throws Exception {
    try (FfmpegFrameSource source = new FfmpegFrameSource(
        "lavfi:testsrc2=size=64x48:rate=0.01", 64, 48, Duration.ofMillis(300))) {
      assertThatIOException()
          .isThrownBy(source::next)
          .withMessage("no frame from lavfi:testsrc2=size=64x48:rate=0.01 within 300 ms (ffmpeg printed nothing on "
              + "stderr); check that the source is reachable and sends video");
    }
  }

  @Test
  void closeStopsFfmpegAndIsIdempotent() throws Exception {
    FfmpegFrameSource source = new FfmpegFrameSource(TEST_PATTERN, 64, 48, START_TIMEOUT);
    assertThat(source.next()).isNotNull();

    source.close();
    source.close();

    assertThat(source.isAlive()).isFalse();
    assertThat(source.next()).isNull();
  }

  @Test
  void closeUnblocksAThreadWaitingForAFrameWhichThenSeesTheEnd() throws Exception {
    // One frame per 100 s: the first frame is far away when close() comes.
    FfmpegFrameSource source = new FfmpegFrameSource("lavfi:testsrc2=size=64x48:rate=0.01", 64, 48, START_TIMEOUT);
    AtomicReference<Object> outcome = new AtomicReference<>("nothing yet");
    Thread waiting = Thread.ofVirtual().start(() -> {
      try {
        outcome.set(source.next());
      } catch (Exception e) {
        outcome.set(e);
      }
    });
    Eventually.await(Duration.ofSeconds(10), "the reader to wait for a frame",
        () -> waiting.getState() == Thread.State.TIMED_WAITING);

    source.close();

    assertThat(waiting.join(Duration.ofSeconds(10))).isTrue();
    assertThat(outcome.get()).isNull();
    assertThat(source.isAlive()).isFalse();
  }

  @Test
  void aHardwareDecoderThatFailsFallsBackToSoftwareAndSaysWhy() throws Exception {
    // No VAAPI device here (CI machines have none), so ffmpeg cannot create one and the connector
    // must fall back. On a machine with a working render node the hardware decoder is kept.
    boolean renderNode = java.nio.file.Files.exists(java.nio.file.Path.of("/dev/dri/renderD128"));
    SourceSettings settings = SourceSettings.fromParams(java.util.Map.of("width", "64", "height", "48"), TEST_PATTERN);
    FfmpegConnector connector = new FfmpegConnector(FfmpegFrameSource.FFMPEG, TEST_PATTERN, settings,
        HardwareDecode.NONE.choose(HardwareDecode.Request.VAAPI));

    try (FrameSource source = connector.open()) {
      Frame first = source.next();
      Frame second = source.next();

      assertThat(first.width()).isEqualTo(64);
      assertThat(second.sequence()).isGreaterThan(first.sequence());
    }
    if (renderNode) {
      assertThat(connector.decoder()).matches("vaapi|software \\(vaapi failed: .*\\)");
    } else {
      assertThat(connector.decoder()).startsWith("software (vaapi failed: ffmpeg exited with code");
    }
  }
}
