package io.streamfleet.agent.hardware;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The unit of CPU time in {@code /proc}: {@code getconf CLK_TCK}, asked once per JVM. Linux fixes
 * it at 100 on every common architecture, so 100 is the fallback when {@code getconf} is missing.
 */
final class ClockTicks {
  static final long LINUX_DEFAULT = 100;

  private ClockTicks() {}

  static long perSecond() {
    return Holder.PER_SECOND;
  }

  /** Parses getconf's answer; anything but a positive number gives the default. */
  static long parse(Optional<String> getconfOutput) {
    return getconfOutput
        .map(String::strip)
        .flatMap(ClockTicks::positiveLong)
        .orElse(LINUX_DEFAULT);
  }

  private static Optional<Long> positiveLong(String text) {
    try {
      long value = Long.parseLong(text);
      return value > 0 ? Optional.of(value) : Optional.empty();
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  /** Lazy so that only agents that sample usage start the process. */
  private static final class Holder {
    static final long PER_SECOND =
        parse(TimedCommand.stdoutOf(List.of("getconf", "CLK_TCK"), Duration.ofSeconds(2)));
  }
}
