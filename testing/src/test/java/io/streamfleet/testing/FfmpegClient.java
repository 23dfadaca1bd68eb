package io.streamfleet.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A real video client for the cameras' tests: ffmpeg reads frames from a URL and discards them. */
final class FfmpegClient {
  /** Longer than any timeout the tests give ffmpeg: past it, ffmpeg hangs, which a test reports. */
  private static final Duration LIMIT = Duration.ofSeconds(20);

  record Result(int exitCode, String output, Duration took) {
    boolean readFrames() {
      return exitCode == 0;
    }
  }

  private final Process process;
  private final long startNanos = System.nanoTime();

  private FfmpegClient(Process process) {
    this.process = process;
  }

  /** Starts reading {@code frames} frames; {@code options} go before {@code -i}, e.g. {@code -rw_timeout 2000000}. */
  static FfmpegClient start(String url, int frames, String... options) throws IOException {
    List<String> command = new ArrayList<>(List.of("ffmpeg", "-hide_banner", "-loglevel", "error", "-nostdin"));
    command.addAll(List.of(options));
    command.addAll(List.of("-i", url, "-frames:v", String.valueOf(frames), "-f", "null", "-"));
    return new FfmpegClient(ChildProcesses.start(new ProcessBuilder(command).redirectErrorStream(true)));
  }

  /** Reads five frames. */
  static Result read(String url, String... options) throws IOException, InterruptedException {
    return start(url, 5, options).await();
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Waits for ffmpeg to end; its output (errors only) is small enough to wait in the pipe. */
  Result await() throws IOException, InterruptedException {
    if (!process.waitFor(LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly().waitFor();
    }
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    return new Result(process.exitValue(), output, Duration.ofNanos(System.nanoTime() - startNanos));
  }
}
