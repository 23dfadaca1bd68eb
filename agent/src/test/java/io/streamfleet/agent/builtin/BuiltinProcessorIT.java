package io.streamfleet.agent.builtin;

import io.streamfleet.agent.Eventually;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import io.streamfleet.testing.RequiresProgram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** Whole pipelines on real threads and the system clock. */
@Tag("integration")
@RequiresProgram(value = "ffmpeg", debianPackage = "ffmpeg")
class BuiltinProcessorIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @Test
  void aFastSyntheticCameraReportsFirstFrameStatsAndMotionEventsAndStopsCleanly() throws Exception {
    // 100 fps with a visit every second (the first 40 frames of each 100), so both events come quickly.
    SyntheticScene scene = new SyntheticScene(SyntheticScene.seedOf("it-cam"), 320, 180, 100, 40);
    SyntheticCamera camera = new SyntheticCamera(scene, 100, NanoClock.system(), Sleeper.system());
    RecordingListener listener = new RecordingListener();

    BuiltinProcessor processor = BuiltinProcessor.start("it-cam", 1, camera,
        new MotionDetector(MotionSettings.DEFAULTS), listener, NanoClock.system());
    try {
      Eventually.await(WAIT, "the first frame", listener::firstFrameSeen);
      Eventually.await(WAIT, "a motion start and end",
          () -> listener.events.stream().map(BuiltinEvent::kind).toList().containsAll(
              List.of(MotionEvent.START, MotionEvent.END)));
      Eventually.await(WAIT, "stats with a positive rate", () -> listener.stats.stream().anyMatch(s -> s.fps() > 0));
    } finally {
      processor.stop();
    }

    assertThat(processor.awaitStopped(WAIT)).isTrue();
    assertThat(processor.isRunning()).isFalse();
    assertThat(listener.exits).containsExactly("stopped");
    assertThat(listener.calls.getFirst()).isEqualTo("first_frame");
    assertThat(listener.calls.getLast()).isEqualTo("exit: stopped");
    ProcessorStats stats = listener.stats.getLast();
    assertThat(stats.fps()).isBetween(20.0, 110.0);
    assertThat(stats.motionEvents()).isPositive();
    assertThat(stats.latencyMsP50()).isBetween(0.0, 1000.0);
    assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().startsWith("builtin-it-cam"));
  }

  @Test
  void aMotionProcessorOverFfmpegReportsMotionAndStopsFfmpeg() throws Exception {
    BuiltinPipeline pipeline = BuiltinProcessorFactory.system()
        .create("motion", "lavfi:testsrc2=size=320x240:rate=25", Map.of("width", "160", "height", "120"));
    RecordingListener listener = new RecordingListener();

    BuiltinProcessor processor = pipeline.start("it-lavfi", 2, listener, NanoClock.system());
    try {
      Eventually.await(WAIT, "the first frame", listener::firstFrameSeen);
      Eventually.await(WAIT, "a motion start", () -> !listener.events.isEmpty());
    } finally {
      processor.stop();
    }

    assertThat(processor.awaitStopped(WAIT)).isTrue();
    assertThat(ProcessHandle.current().descendants().filter(p -> p.info().command().orElse("").endsWith("ffmpeg")))
        .as("ffmpeg children left").isEmpty();
    assertThat(listener.exits).containsExactly("stopped");
  }

  @Test
  void anUnreachableCameraDegradesTheProcessorWithFfmpegsReasonAndKeepsTrying() throws Exception {
    BuiltinPipeline pipeline = BuiltinProcessorFactory.system().create("motion", "rtsp://127.0.0.1:1/none", Map.of());
    RecordingListener listener = new RecordingListener();

    BuiltinProcessor processor = pipeline.start("it-away", 1, listener, NanoClock.system());
    try {
      Eventually.await(WAIT, "a degraded report", () -> !listener.degradations.isEmpty());
      assertThat(listener.degradations.getFirst())
          .startsWith("ffmpeg exited with code 1 reading rtsp://127.0.0.1:1/none: ")
          .contains("Connection refused");
      assertThat(processor.isRunning()).as("still trying").isTrue();
    } finally {
      processor.stop();
    }
    assertThat(processor.awaitStopped(WAIT)).isTrue();
    assertThat(listener.exits).containsExactly("stopped");
  }

  @Test
  void withReconnectOffAnUnreachableSourceEndsTheProcessorWithFfmpegsReason() throws Exception {
    BuiltinPipeline pipeline = BuiltinProcessorFactory.system().create("motion", "rtsp://127.0.0.1:1/none",
        Map.of("reconnect", "false"));
    RecordingListener listener = new RecordingListener();

    BuiltinProcessor processor = pipeline.start("it-down", 1, listener, NanoClock.system());

    assertThat(processor.awaitStopped(WAIT)).isTrue();
    assertThat(listener.calls).hasSize(1);
    assertThat(listener.exits.getFirst())
        .startsWith("source failed: ffmpeg exited with code 1 reading rtsp://127.0.0.1:1/none: ")
        .contains("Connection refused");
  }
}
