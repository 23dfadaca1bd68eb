package io.streamfleet.cli;

import java.time.Duration;
import java.util.Locale;

/** Durations as people type them on a command line: 90s, 10m, 12h, 7d, or a whole number of seconds. */
final class DurationText {
  private DurationText() {}

  /** @throws CliException (exit 2) naming {@code option} and the forms it takes */
  static Duration parse(String option, String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    try {
      if (t.matches("\\d+")) {
        return Duration.ofSeconds(Long.parseLong(t));
      }
      long n = Long.parseLong(t.substring(0, t.length() - 1));
      if (n < 0) {
        throw new NumberFormatException();
      }
      return switch (t.charAt(t.length() - 1)) {
        case 's' -> Duration.ofSeconds(n);
        case 'm' -> Duration.ofMinutes(n);
        case 'h' -> Duration.ofHours(n);
        case 'd' -> Duration.ofDays(n);
        default -> throw new NumberFormatException();
      };
    } catch (RuntimeException e) {
      throw new CliException(option + " '" + text + "' is not a duration; use e.g. 90s, 30m, 12h or 7d", 2);
    }
  }

  /** {@code d} the way {@link #parse} reads it: 10m, 90s, 2h. */
  static String format(Duration d) {
    long s = d.toSeconds();
    if (s % 86_400 == 0 && s > 0) {
      return s / 86_400 + "d";
    }
    if (s % 3600 == 0 && s > 0) {
      return s / 3600 + "h";
    }
    if (s % 60 == 0 && s > 0) {
      return s / 60 + "m";
    }
    return s + "s";
  }
}
