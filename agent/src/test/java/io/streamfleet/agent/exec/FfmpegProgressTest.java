package io.streamfleet.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class FfmpegProgressTest {
  /** What FFmpeg 5.1 writes with {@code -progress pipe:1 -nostats} for two seconds of testsrc2 at 30 fps. */
  static final List<String> TWO_BLOCKS = List.of(
      "frame=1", "fps=0.00", "stream_0_0_q=0.0", "bitrate=N/A", "total_size=N/A", "out_time_us=0", "out_time_ms=0",
      "out_time=00:00:00.000000", "dup_frames=0", "drop_frames=0", "speed=N/A", "progress=continue",
      "frame=60", "fps=29.91", "stream_0_0_q=-1.0", "bitrate=N/A", "total_size=N/A", "out_time_us=2000000",
      "out_time_ms=2000000", "out_time=00:00:02.000000", "dup_frames=0", "drop_frames=0", "speed=49.7x", "progress=end");

  static FfmpegProgress fold(List<String> lines) {
    FfmpegProgress p = FfmpegProgress.NONE;
    for (String line : lines) {
      p = p.next(line);
    }
    return p;
  }

  @Test
  void theLastBlockGivesFramesFpsSpeedAndMediaTime() {
    assertThat(fold(TWO_BLOCKS)).isEqualTo(new FfmpegProgress(60, 29.91, 49.7, 2_000_000, true));
  }

  @Test
  void aSpeedOfNotAvailableKeepsTheLastOneReported() {
    assertThat(fold(List.of("speed=1.5x", "progress=continue", "speed=N/A")).speed()).isEqualTo(1.5);
    assertThat(fold(List.of("speed=N/A")).speed()).as("never reported").isZero();
  }

  @Test
  void outTimeMsIsReadAsMicrosecondsLikeFfmpegWritesIt() {
    assertThat(fold(List.of("out_time_ms=1500000")).outTimeUs()).isEqualTo(1_500_000);
  }

  @Test
  void onlyTheLastBlockEnds() {
    assertThat(fold(List.of("progress=continue")).ended()).isFalse();
    assertThat(fold(List.of("progress=end")).ended()).isTrue();
  }

  @Test
  void linesThatAreNotProgressChangeNothing() {
    FfmpegProgress p = new FfmpegProgress(10, 5, 1, 100, false);
    for (String line : List.of("", "hello", "=5", "frame=", "frame=-3", "fps=abc", "fps=NaN", "speed=-1x", "bitrate=123.4kbits/s",
        "{\"metrics\":{\"fps\":3}}")) {
      assertThat(p.next(line)).as(line).isEqualTo(p);
    }
  }

  @Test
  void spacesAroundKeysAndValuesAreTolerated() {
    assertThat(fold(List.of(" frame = 42 ", "speed= 2.00x")).frames()).isEqualTo(42);
    assertThat(fold(List.of("speed= 2.00x")).speed()).isEqualTo(2.0);
  }
}
