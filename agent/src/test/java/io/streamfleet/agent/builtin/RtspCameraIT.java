package io.streamfleet.agent.builtin;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.agent.Eventually;
import io.streamfleet.testing.RequiresProgram;
import io.streamfleet.testing.RtspTestCamera;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/**
 * The motion processor reading a real RTSP server (GStreamer's), over TCP and over UDP, through the
 * same factory the agent uses: frames flow, and when the server dies and comes back the stream is
 * degraded meanwhile and recovers by itself, its frame numbers carrying on.
 */
@Tag("integration")
@RequiresProgram(value = {"ffmpeg", "python3"}, debianPackage = "ffmpeg python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-ugly")
class RtspCameraIT {
  private static final Duration WAIT = Duration.ofSeconds(20);

  @TempDir Path tmp;

  @ParameterizedTest
  @ValueSource(strings = {"tcp", "udp"})
  void readsAnRtspCameraAndRidesOutItsRestart(String transport) throws Exception {
    try (RtspTestCamera camera = RtspTestCamera.start(tmp, 320, 240, 15)) {
      BuiltinPipeline pipeline = BuiltinProcessorFactory.system().create("motion", camera.url(),
          Map.of("width", "160", "height", "120", "rtsp_transport", transport, "stall_timeout_s", "2", "reconnect_max_s", "2"));
      RecordingListener listener = new RecordingListener();
      BuiltinProcessor processor = pipeline.start("rtsp-" + transport, 1, listener, NanoClock.system());
      try {
        Eventually.await(WAIT, "the first frame", listener::firstFrameSeen);
        Eventually.await(WAIT, "frames at the camera's rate", () -> !listener.stats.isEmpty() && listener.stats.getLast().fps() > 8);
        long before = listener.stats.getLast().framesProcessed();

        camera.drop();
        Eventually.await(WAIT, "degraded while the server is gone", () -> !listener.degradations.isEmpty());
        camera.comeBack();
        Eventually.await(WAIT, "recovered", () -> listener.calls.contains("recovered"));
        Eventually.await(WAIT, "frames again", () -> listener.stats.getLast().framesProcessed() > before + 15);

        ProcessorStats stats = listener.stats.getLast();
        assertThat(stats.reconnects()).isEqualTo(1);
        assertThat(pipeline.source().decoder()).isEqualTo("software");
        assertThat(listener.exits).isEmpty();
      } finally {
        processor.stop();
      }
      assertThat(processor.awaitStopped(WAIT)).isTrue();
      assertThat(listener.exits).containsExactly("stopped");
    }
  }
}
