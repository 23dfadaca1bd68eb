package io.streamfleet.server.failover;

import io.streamfleet.testing.ManualClock;

import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@link Timers} that fire only when the test (or simulation) advances time, in due order, ties
 * by scheduling order: fully deterministic.
 */
public final class ManualTimers implements Timers {
  private record Due(long atMs, long seq) implements Comparable<Due> {
    @Override
    public int compareTo(Due o) {
      return atMs != o.atMs ? Long.compare(atMs, o.atMs) : Long.compare(seq, o.seq);
    }
  }

  private record Entry(String key, Runnable task) {}

  private final ManualClock clock;
  private final TreeMap<Due, Entry> queue = new TreeMap<>();
  private final Map<String, Due> byKey = new HashMap<>();
  private long seq;

  public ManualTimers(ManualClock clock) {
    this.clock = clock;
  }

  @Override
  public void schedule(String key, long atMs, Runnable task) {
    cancel(key);
    Due due = new Due(Math.max(atMs, clock.millis()), seq++);
    queue.put(due, new Entry(key, task));
    byKey.put(key, due);
  }

  @Override
  public void cancel(String key) {
    Due due = byKey.remove(key);
    if (due != null) {
      queue.remove(due);
    }
  }

  @Override
  public void cancelAll() {
    queue.clear();
    byKey.clear();
  }

  /** The time the next timer is due, or Long.MAX_VALUE. */
  public long nextDueMs() {
    return queue.isEmpty() ? Long.MAX_VALUE : queue.firstKey().atMs();
  }

  /** Moves the clock to {@code targetMs}, firing every timer due on the way at its own time. */
  public void advanceTo(long targetMs) {
    while (!queue.isEmpty() && queue.firstKey().atMs() <= targetMs) {
      Map.Entry<Due, Entry> first = queue.pollFirstEntry();
      byKey.remove(first.getValue().key(), first.getKey());
      clock.set(Math.max(clock.millis(), first.getKey().atMs()));
      first.getValue().task().run();
    }
    clock.set(Math.max(clock.millis(), targetMs));
  }

  public void advanceBy(long ms) {
    advanceTo(clock.millis() + ms);
  }
}
