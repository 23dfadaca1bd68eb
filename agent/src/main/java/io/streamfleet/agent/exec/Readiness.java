package io.streamfleet.agent.exec;

import io.streamfleet.protocol.v1.Processor;
import java.time.Duration;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** When a started exec processor counts as running. */
public sealed interface Readiness {
  /** The first stdout line in which {@code pattern} is found. */
  record StdoutMatch(Pattern pattern) implements Readiness {}

  /** The first event line on stdout. */
  record FirstEvent() implements Readiness {}

  /** Still alive {@code delay} after start. */
  record Delay(Duration delay) implements Readiness {}

  /**
   * Reads the processor's readiness fields; an empty kind means a delay of {@code
   * readiness_delay_ms} (0: running as soon as started).
   *
   * @throws IllegalArgumentException for an unknown kind or a bad pattern
   */
  static Readiness of(Processor p) {
    return switch (p.getReadinessKind()) {
      case "stdout" -> {
        try {
          yield new StdoutMatch(Pattern.compile(p.getReadinessPattern()));
        } catch (PatternSyntaxException e) {
          throw new IllegalArgumentException("readiness_pattern '" + p.getReadinessPattern() + "' is not a valid regex: " + e.getDescription());
        }
      }
      case "first_event" -> new FirstEvent();
      case "delay", "" -> {
        if (p.getReadinessDelayMs() < 0) {
          throw new IllegalArgumentException("readiness_delay_ms was " + p.getReadinessDelayMs() + "; expected >= 0");
        }
        yield new Delay(Duration.ofMillis(p.getReadinessDelayMs()));
      }
      default -> throw new IllegalArgumentException("readiness_kind '" + p.getReadinessKind() + "' is unknown; expected first_event, stdout or delay");
    };
  }
}
