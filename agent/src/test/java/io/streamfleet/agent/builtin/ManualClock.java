package io.streamfleet.agent.builtin;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** A clock that moves only when told to, with a sleeper that moves it instead of waiting. */
final class ManualClock implements NanoClock {
  private final AtomicLong now;
  private final List<Long> sleeps = new CopyOnWriteArrayList<>();

  ManualClock(long startNanos) {
    this.now = new AtomicLong(startNanos);
  }

  @Override
  public long nanoTime() {
    return now.get();
  }

  void advance(Duration duration) {
    now.addAndGet(duration.toNanos());
  }

  /** Sleeps by advancing this clock, and records each sleep. */
  Sleeper sleeper() {
    return nanos -> {
      sleeps.add(nanos);
      if (nanos > 0) {
        now.addAndGet(nanos);
      }
    };
  }

  List<Long> sleeps() {
    return sleeps;
  }
}
