package io.streamfleet.agent.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.agent.Eventually;
import io.streamfleet.testing.RequiresProgram;
import io.streamfleet.testing.TestCamera;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The motion processor reading a Motion-JPEG-over-HTTP camera and an RTMP one (ffmpeg serving
 * each), through the same factory the agent uses: frames flow at the camera's rate, and when the
 * camera drops and comes back the stream is degraded meanwhile and recovers by itself. (H.264 in
 * MPEG-TS over HTTP: CameraReconnectIT; RTSP: RtspCameraIT.)
 */
@Tag("integration")
@RequiresProgram(value = "ffmpeg", debianPackage = "ffmpeg")
class NetworkCameraIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path tmp;

  @ParameterizedTest
  @EnumSource(value = TestCamera.Format.class, names = {"MJPEG", "RTMP"})
  void readsTheCameraAndRidesOutItsDrop(TestCamera.Format format) throws Exception {
    try (TestCamera camera = TestCamera.start(tmp, format, 320, 240, 15)) {
      BuiltinPipeline pipeline = BuiltinProcessorFactory.system().create("motion", camera.url(),
          Map.of("width", "160", "height", "120", "stall_timeout_s", "2", "reconnect_max_s", "2"));
      RecordingListener listener = new RecordingListener();
      BuiltinProcessor processor = pipeline.start("camera-" + format, 1, listener, NanoClock.system());
      try {
        Eventually.await(WAIT, "the first frame", listener::firstFrameSeen);
        Eventually.await(WAIT, "frames at the camera's rate", () -> !listener.stats.isEmpty() && listener.stats.getLast().fps() > 10);
        long before = listener.stats.getLast().framesProcessed();

        camera.drop();
        Eventually.await(WAIT, "degraded while the camera is gone", () -> !listener.degradations.isEmpty());
        camera.comeBack();
        Eventually.await(WAIT, "recovered", () -> listener.calls.contains("recovered"));
        Eventually.await(WAIT, "frames again", () -> listener.stats.getLast().framesProcessed() > before + 15);

        assertThat(listener.stats.getLast().reconnects()).isEqualTo(1);
        assertThat(camera.connections()).as("one connection, one reconnection: no storm").isEqualTo(2);
        assertThat(listener.exits).isEmpty();
      } finally {
        processor.stop();
      }
      assertThat(processor.awaitStopped(WAIT)).isTrue();
      assertThat(listener.exits).containsExactly("stopped");
    }
  }
}
