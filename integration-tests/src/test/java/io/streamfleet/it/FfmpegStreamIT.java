package io.streamfleet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.StreamRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import io.streamfleet.testing.RequiresProgram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real ffmpeg decodes a video file for the builtin motion processor on a real agent, which reports fps. */
@Tag("integration")
@RequiresProgram(value = "ffmpeg", debianPackage = "ffmpeg")
class FfmpegStreamIT {
  @TempDir Path tmp;

  @Test
  void aFileStreamIsDecodedByFfmpegAndProcessedByMotion() throws Exception {
    Path video = tmp.resolve("testsrc.mp4");
    Process make = new ProcessBuilder("ffmpeg", "-hide_banner", "-loglevel", "error", "-f", "lavfi",
        "-i", "testsrc2=size=320x240:rate=15", "-t", "60", "-pix_fmt", "yuv420p", video.toString())
        .redirectErrorStream(true).start();
    String out = new String(make.getInputStream().readAllBytes());
    assertThat(make.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(make.exitValue()).as(out).isZero();

    try (ServerProcess server = new ServerProcess(tmp.resolve("server")).start();
         AgentProcess agent = new AgentProcess(tmp, "edge-1", server, "--cpu-millis", "2000", "--memory-mb", "2048").start()) {
      StreamfleetClient client = server.client();
      await().atMost(Duration.ofSeconds(60)).until(() -> client.nodes().size() == 1);
      client.createStream(new StreamRequest("file-cam", video.toUri().toString(), "motion", null, null, null, null, null, null,
          java.util.Map.of("width", "320", "height", "240")));
      await().atMost(Duration.ofSeconds(30)).until(() -> client.stream("file-cam").status().state() == AssignmentState.RUNNING);
      await().atMost(Duration.ofSeconds(15)).until(() -> {
        Double fps = client.stream("file-cam").status().fps();
        return fps != null && fps > 5;
      });
    }
  }
}
