package io.streamfleet.cli;

import io.streamfleet.client.ApiCallException;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Polls a resource until it settles, for the CLI's {@code --wait} options: the interval starts
 * short (what finishes quickly reports quickly) and doubles up to a maximum. A server that cannot
 * answer for a moment (unreachable, or 503 during a leader change) is polled again until the
 * deadline; any other error ends the wait. The clock and the sleep are injected so tests run
 * without waiting.
 */
final class Poller {
  interface Sleeper {
    void sleep(long ms) throws InterruptedException;
  }

  /**
   * The messages of a wait that ends without its resource settling (exit 1).
   *
   * @param timedOut the message for a deadline that passed, given what was last known: the last
   *     error, or {@code describe} of the last answer
   * @param interrupted the message for an interrupted wait
   */
  record Messages<T>(Function<String, String> timedOut, Function<T, String> describe, String interrupted) {}

  private final LongSupplier nanoTime;
  private final Sleeper sleeper;
  private final long firstPollMs;
  private final long maxPollMs;

  Poller(LongSupplier nanoTime, Sleeper sleeper, long firstPollMs, long maxPollMs) {
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
    this.firstPollMs = firstPollMs;
    this.maxPollMs = maxPollMs;
  }

  /** The deadline {@code timeoutNanos} from now, on this poller's clock. */
  long deadlineIn(long timeoutNanos) {
    return nanoTime.getAsLong() + timeoutNanos;
  }

  /**
   * The first answer that {@code settled} accepts ({@code settled} may also throw a {@link
   * CliException} to end the wait at once).
   *
   * @throws CliException (exit 1) when {@code deadlineNanos} passes first, or the wait is interrupted
   */
  <T> T until(Supplier<T> fetch, Predicate<T> settled, long deadlineNanos, Messages<T> messages) {
    long interval = firstPollMs;
    T last = null;
    ApiCallException lastError = null;
    while (true) {
      try {
        last = fetch.get();
        lastError = null;
        if (settled.test(last)) {
          return last;
        }
      } catch (ApiCallException e) {
        if (e.status() != 0 && e.status() != 503) {
          throw e;
        }
        lastError = e;
      }
      long leftMs = (deadlineNanos - nanoTime.getAsLong()) / 1_000_000;
      if (leftMs <= 0) {
        throw new CliException(messages.timedOut().apply(lastError != null ? lastError.getMessage() : messages.describe().apply(last)), 1);
      }
      try {
        sleeper.sleep(Math.min(interval, leftMs));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException(messages.interrupted(), 1);
      }
      interval = Math.min(maxPollMs, interval * 2);
    }
  }
}
