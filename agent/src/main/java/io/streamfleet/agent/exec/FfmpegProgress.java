package io.streamfleet.agent.exec;

/**
 * What FFmpeg's {@code -progress pipe:1} has reported so far. FFmpeg writes a block of {@code
 * key=value} lines about twice a second, each block ending with {@code progress=continue} (or
 * {@code progress=end} for the last):
 *
 * <pre>
 * frame=60
 * fps=29.91
 * out_time_us=2000000
 * speed=1.02x
 * progress=continue
 * </pre>
 *
 * {@link #next(String)} folds one line in and returns the new value; every other line (other
 * keys, anything that is not {@code key=value}, {@code N/A} values) leaves it unchanged. Pure.
 *
 * @param frames frames written so far ({@code frame=})
 * @param fps the last frames-per-second figure; FFmpeg reports 0 during the first second
 * @param speed the last media-seconds-per-second figure ({@code speed=1.23x}), 0 until reported
 * @param outTimeUs media time written so far, in microseconds
 * @param ended whether the last block ({@code progress=end}) has been seen
 */
public record FfmpegProgress(long frames, double fps, double speed, long outTimeUs, boolean ended) {
  /** Nothing reported yet. */
  public static final FfmpegProgress NONE = new FfmpegProgress(0, 0, 0, 0, false);

  public FfmpegProgress next(String line) {
    int eq = line.indexOf('=');
    if (eq <= 0) {
      return this;
    }
    String key = line.substring(0, eq).strip();
    String value = line.substring(eq + 1).strip();
    return switch (key) {
      case "frame" -> whole(value) instanceof Long n ? new FfmpegProgress(n, fps, speed, outTimeUs, ended) : this;
      case "fps" -> rate(value) instanceof Double f ? new FfmpegProgress(frames, f, speed, outTimeUs, ended) : this;
      case "speed" -> rate(value.endsWith("x") ? value.substring(0, value.length() - 1) : value) instanceof Double s
          ? new FfmpegProgress(frames, fps, s, outTimeUs, ended) : this;
      // out_time_ms carries microseconds as well (an FFmpeg bug kept for compatibility); both
      // keys come in every block with the same number.
      case "out_time_us", "out_time_ms" -> whole(value) instanceof Long us ? new FfmpegProgress(frames, fps, speed, us, ended) : this;
      case "progress" -> new FfmpegProgress(frames, fps, speed, outTimeUs, value.equals("end"));
      default -> this;
    };
  }

  private static Long whole(String value) {
    try {
      long n = Long.parseLong(value);
      return n >= 0 ? n : null;
    } catch (NumberFormatException e) {
      return null; // N/A
    }
  }

  private static Double rate(String value) {
    try {
      double d = Double.parseDouble(value);
      return Double.isFinite(d) && d >= 0 ? d : null;
    } catch (NumberFormatException e) {
      return null; // N/A
    }
  }
}
