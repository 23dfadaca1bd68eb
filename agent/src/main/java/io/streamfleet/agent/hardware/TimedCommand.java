package io.streamfleet.agent.hardware;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a short informational command ({@code nvidia-smi}, {@code getconf}) and returns its
 * standard output, or nothing if it is missing, fails, or overruns its time limit. Callers fall
 * back to a default, so no failure here is worth more than a debug line.
 *
 * <p>The output is read only after the command exits, which keeps the time limit exact without a
 * reader thread. That limits output to what the OS pipe buffers (64 KiB on Linux); a command that
 * writes more blocks and is killed at the limit. The commands used here print a few lines.
 */
final class TimedCommand {
  private static final Logger log = LoggerFactory.getLogger(TimedCommand.class);

  private TimedCommand() {}

  static Optional<String> stdoutOf(List<String> command, Duration timeout) {
    Process process;
    try {
      process =
          new ProcessBuilder(command)
              .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
              .redirectError(ProcessBuilder.Redirect.DISCARD)
              .start();
    } catch (IOException | UnsupportedOperationException e) {
      log.debug("{} could not start: {}", command, e.getMessage());
      return Optional.empty();
    }
    try (InputStream stdout = process.getInputStream()) {
      if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
        log.debug("{} did not finish within {}; killed it", command, timeout);
        process.destroyForcibly();
        return Optional.empty();
      }
      if (process.exitValue() != 0) {
        log.debug("{} exited with {}", command, process.exitValue());
        return Optional.empty();
      }
      return Optional.of(new String(stdout.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      log.debug("{} output could not be read: {}", command, e.getMessage());
      return Optional.empty();
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
      return Optional.empty();
    }
  }
}
