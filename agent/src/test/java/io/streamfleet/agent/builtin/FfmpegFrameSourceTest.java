package io.streamfleet.agent.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIOException;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FfmpegFrameSourceTest {
  private static final String OUTPUT = "-f rawvideo -pix_fmt gray -vf scale=320:180 -";

  @Test
  void readsANetworkStreamAsItComes() {
    assertThat(String.join(" ", FfmpegFrameSource.command("ffmpeg", "rtsp://cam-1.local/stream", 320, 180)))
        .isEqualTo("ffmpeg -hide_banner -loglevel error -nostdin -i rtsp://cam-1.local/stream " + OUTPUT);
  }

  @Test
  void readsAFileAtItsNativeRateLikeACamera() {
    assertThat(String.join(" ", FfmpegFrameSource.command("ffmpeg", "file:///videos/door.mp4", 320, 180)))
        .isEqualTo("ffmpeg -hide_banner -loglevel error -nostdin -re -i file:///videos/door.mp4 " + OUTPUT);
  }

  @Test
  void turnsTheLavfiFormIntoFfmpegsFilterGraphInput() {
    assertThat(String.join(" ", FfmpegFrameSource.command("ffmpeg", "lavfi:testsrc2=size=320x240:rate=25", 320, 180)))
        .isEqualTo("ffmpeg -hide_banner -loglevel error -nostdin -re -f lavfi -i testsrc2=size=320x240:rate=25 " + OUTPUT);
  }

  @ParameterizedTest
  @CsvSource({
      "file:///videos/door.mp4, true",
      "/videos/door.mp4, true",
      "relative/door.mp4, true",
      "FILE:/videos/door.mp4, true",
      "rtsp://cam/stream, false",
      "https://cam/stream.m3u8, false"})
  void tellsFilesFromNetworkSources(String url, boolean file) {
    assertThat(FfmpegFrameSource.isFile(url)).isEqualTo(file);
  }

  @Test
  void aMissingFfmpegGivesAnInstallHint() {
    assertThatIOException()
        .isThrownBy(() -> new FfmpegFrameSource("ffmpeg-not-installed-here", "lavfi:testsrc2", 64, 48, Duration.ofSeconds(1),
            FfmpegFrameSource.NO_STALL_LIMIT, java.util.List.of()))
        .withMessage("ffmpeg not found on PATH; install it (apt-get install ffmpeg)");
  }
}
