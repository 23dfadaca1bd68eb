package io.streamfleet.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RequiresProgram(value = {"ffmpeg", "python3"},
    debianPackage = "ffmpeg python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-plugins-base gstreamer1.0-plugins-good gstreamer1.0-plugins-ugly")
class RtspTestCameraTest {
  @TempDir
  Path dir;

  @Test
  void servesOverTcpAndUdpAtOnceIsRefusedWhenDroppedAndServesAgainWhenBack() throws Exception {
    try (RtspTestCamera camera = RtspTestCamera.start(dir, 320, 240, 15)) {
      assertThat(camera.url()).isEqualTo("rtsp://127.0.0.1:" + camera.port() + "/camera");
      assertThat(camera.log()).contains("ready " + camera.url());
      assertReadsOverTcpAndUdp(camera);

      camera.drop();
      assertThat(camera.running()).isFalse();
      FfmpegClient.Result refused = FfmpegClient.read(camera.url(), "-rtsp_transport", "tcp", "-timeout", "5000000");
      assertThat(refused.readFrames()).isFalse();
      assertThat(refused.output()).contains("Connection refused");

      int port = camera.port();
      camera.comeBack();
      assertThat(camera.port()).isEqualTo(port);
      assertReadsOverTcpAndUdp(camera);
    }
    TestCameraTest.assertNoChildProcess();
  }

  /** Two clients at once, one a transport: the media is shared, as a real camera's stream is. */
  private static void assertReadsOverTcpAndUdp(RtspTestCamera camera) throws Exception {
    // -timeout, not -rw_timeout: ffmpeg 5.1's RTSP demuxer knows only the former (microseconds)
    FfmpegClient tcp = FfmpegClient.start(camera.url(), 5, "-rtsp_transport", "tcp", "-timeout", "5000000");
    FfmpegClient udp = FfmpegClient.start(camera.url(), 5, "-rtsp_transport", "udp", "-timeout", "5000000");
    for (FfmpegClient.Result result : new FfmpegClient.Result[] {tcp.await(), udp.await()}) {
      assertThat(result.readFrames()).as("ffmpeg's output:\n%s\ncamera's output:\n%s", result.output(), camera.log()).isTrue();
    }
  }
}
