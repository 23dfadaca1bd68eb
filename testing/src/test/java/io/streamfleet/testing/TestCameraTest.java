package io.streamfleet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@RequiresProgram(value = "ffmpeg", debianPackage = "ffmpeg")
class TestCameraTest {
  private static final String TIMEOUT_5S = "5000000";
  private static final String TIMEOUT_2S = "2000000";
  /**
   * MPEG-TS may gain a stream at any moment, so by default ffmpeg probes it for its whole
   * analyzeduration, 5 s, before the first frame; half a second finds the one stream as well.
   */
  private static final String PROBE = "500000";

  @TempDir
  Path dir;

  @Test
  void servesClientAfterClientIsRefusedWhenDroppedAndServesAgainWhenBack() throws Exception {
    try (TestCamera camera = TestCamera.start(dir, 320, 240, 15)) {
      assertThat(camera.url()).isEqualTo("http://127.0.0.1:" + camera.port() + "/camera.ts");
      assertReads(read(camera, TIMEOUT_5S), camera);
      // Between two clients ffmpeg starts again, its port closed for a moment; a client retries.
      awaitReads(camera);
      assertThat(camera.connections()).as(camera.log()).isEqualTo(2);

      camera.drop();
      FfmpegClient.Result refused = read(camera, TIMEOUT_5S);
      assertThat(refused.readFrames()).isFalse();
      assertThat(refused.output()).contains("Connection refused");

      int port = camera.port();
      camera.comeBack();
      assertThat(camera.port()).isEqualTo(port);
      assertReads(read(camera, TIMEOUT_5S), camera);
      assertThat(camera.connections()).isEqualTo(3);
    }
    assertNoChildProcess();
  }

  @Test
  void aStalledCameraKeepsClientsWaitingForDataAndServesAgainWhenResumed() throws Exception {
    try (TestCamera camera = TestCamera.start(dir, 320, 240, 15)) {
      // Idle when stalled: the kernel accepts the connection, ffmpeg sends nothing.
      camera.stall();
      assertTimesOut(read(camera, TIMEOUT_2S), camera);
      camera.resume();
      awaitReads(camera);

      // Streaming when stalled: the data stops.
      FfmpegClient watching = watch(camera);
      camera.stall();
      FfmpegClient.Result cut = watching.await();
      // A read error after the first frames is the end of the input to ffmpeg: it says so, but exits with 0.
      assertThat(cut.output()).as(camera.log()).contains("timed out");
      assertThat(cut.took()).isLessThan(Duration.ofSeconds(10));
      camera.resume();
      awaitReads(camera);

      camera.stall(); // closing ends a stopped ffmpeg too
    }
    assertNoChildProcess();
  }

  private static FfmpegClient.Result read(TestCamera camera, String timeout) throws Exception {
    return FfmpegClient.read(camera.url(), "-rw_timeout", timeout, "-analyzeduration", PROBE);
  }

  /** A client that keeps reading, once the camera serves it (the first tries may find it between two runs). */
  private static FfmpegClient watch(TestCamera camera) {
    int served = camera.connections();
    AtomicReference<FfmpegClient> watching = new AtomicReference<>();
    await().atMost(Duration.ofSeconds(10)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100)).until(() -> {
      if (watching.get() == null || !watching.get().alive()) {
        watching.set(FfmpegClient.start(camera.url(), 100_000, "-rw_timeout", TIMEOUT_2S, "-analyzeduration", PROBE));
      }
      return camera.connections() > served;
    });
    return watching.get();
  }

  private static void assertReads(FfmpegClient.Result result, TestCamera camera) {
    assertThat(result.readFrames()).as("ffmpeg's output:\n%s\ncamera's log:\n%s", result.output(), camera.log()).isTrue();
  }

  private static void awaitReads(TestCamera camera) {
    await().atMost(Duration.ofSeconds(15)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(100))
        .untilAsserted(() -> assertReads(read(camera, TIMEOUT_5S), camera));
  }

  private static void assertTimesOut(FfmpegClient.Result result, TestCamera camera) {
    assertThat(result.readFrames()).isFalse();
    assertThat(result.output()).as(camera.log()).contains("timed out");
    assertThat(result.took()).isLessThan(Duration.ofSeconds(10));
  }

  static void assertNoChildProcess() {
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
        .map(process -> process.pid() + " " + process.info().commandLine().orElse("?"))).isEmpty();
  }
}
