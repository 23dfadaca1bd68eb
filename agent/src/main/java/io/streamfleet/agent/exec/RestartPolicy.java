package io.streamfleet.agent.exec;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Decides what happens after an exec processor exits: restart after a backoff, or give up.
 *
 * <p>Pure: it never reads a clock; the supervisor passes {@code nowMillis}. The backoff doubles
 * from {@code base} up to {@code max} and starts over once a run lasted at least {@code
 * resetAfter}. {@code crashLimit} exits within {@code window} are a crash loop: give up. Not
 * thread-safe; one supervisor thread owns it.
 */
public final class RestartPolicy {
  /** What to do after an exit. */
  public sealed interface Decision {
    /** Start the processor again once {@code after} has passed. */
    record Restart(Duration after) implements Decision {}

    /** Do not restart; {@code reason} says why. */
    record GiveUp(String reason) implements Decision {}
  }

  private final Duration base;
  private final Duration max;
  private final int crashLimit;
  private final Duration window;
  private final Duration resetAfter;
  private final Deque<Long> recentExits = new ArrayDeque<>();
  private int consecutiveRestarts;
  private long startedAtMillis = Long.MIN_VALUE;

  /** 1 s, 2 s, 4 s … capped at 30 s; reset after 60 s of running; 5 exits in 60 s give up. */
  public static RestartPolicy defaults() {
    return new RestartPolicy(Duration.ofSeconds(1), Duration.ofSeconds(30), 5, Duration.ofSeconds(60), Duration.ofSeconds(60));
  }

  public RestartPolicy(Duration base, Duration max, int crashLimit, Duration window, Duration resetAfter) {
    if (base.isNegative() || max.compareTo(base) < 0) {
      throw new IllegalArgumentException("backoff base " + base + " and max " + max + "; expected 0 <= base <= max");
    }
    if (crashLimit < 1) {
      throw new IllegalArgumentException("crashLimit was " + crashLimit + "; expected >= 1");
    }
    this.base = base;
    this.max = max;
    this.crashLimit = crashLimit;
    this.window = window;
    this.resetAfter = resetAfter;
  }

  /** The processor was (re)started at {@code nowMillis}; a long run resets the backoff. */
  public void started(long nowMillis) {
    startedAtMillis = nowMillis;
  }

  /** Records an exit at {@code nowMillis} and decides what to do about it. */
  public Decision decide(long nowMillis, int exitCode) {
    recentExits.addLast(nowMillis);
    while (!recentExits.isEmpty() && recentExits.peekFirst() <= nowMillis - window.toMillis()) {
      recentExits.removeFirst();
    }
    if (recentExits.size() >= crashLimit) {
      return new Decision.GiveUp("crashed " + recentExits.size() + " times in " + window.toSeconds() + " s (last exit code " + exitCode + ")");
    }
    if (startedAtMillis != Long.MIN_VALUE && nowMillis - startedAtMillis >= resetAfter.toMillis()) {
      consecutiveRestarts = 0;
    }
    Duration after = backoff(consecutiveRestarts);
    consecutiveRestarts++;
    return new Decision.Restart(after);
  }

  private Duration backoff(int attempt) {
    // Shift at most 30 times: 2^30 s is far past any sane cap and cannot overflow.
    long millis = base.toMillis() << Math.min(attempt, 30);
    return millis < 0 || millis > max.toMillis() ? max : Duration.ofMillis(millis);
  }
}
