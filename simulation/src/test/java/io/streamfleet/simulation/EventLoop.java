package io.streamfleet.simulation;

import java.util.Map;

import io.streamfleet.testing.ManualClock;
import io.streamfleet.server.failover.ManualTimers;
import java.util.PriorityQueue;

/**
 * The simulation's only source of time and order. Events wait in one queue ordered by (time,
 * sequence number); the servers' timers ({@link ManualTimers}) wait in their own queues and fire
 * before any event due at the same time. One thing runs at a time, on
 * the {@link ManualClock} every simulated component reads, so a run is a pure function of its
 * seed: no threads, no wall clock.
 */
final class EventLoop {
  private record Event(long atMs, long seq, String what, String who, Runnable action) implements Comparable<Event> {
    @Override
    public int compareTo(Event o) {
      return atMs != o.atMs ? Long.compare(atMs, o.atMs) : Long.compare(seq, o.seq);
    }
  }

  private final ManualClock clock;
  private final Trace trace;
  private final PriorityQueue<Event> queue = new PriorityQueue<>();
  /** Every server's timers, by name, in the order they were added (deterministic). */
  private final java.util.LinkedHashMap<String, ManualTimers> timers = new java.util.LinkedHashMap<>();
  private long seq;
  private long steps;

  EventLoop(ManualClock clock, Trace trace) {
    this.clock = clock;
    this.trace = trace;
  }

  long now() {
    return clock.millis();
  }

  /** Steps run so far: the "step" of a failure report. */
  long steps() {
    return steps;
  }

  /** Timers to fire from now on (each server's controllers have their own, as on real servers). */
  void addTimers(String name, ManualTimers t) {
    timers.put(name, t);
  }

  /** Runs {@code action} at {@code atMs}, after everything already due then. */
  void at(long atMs, String what, String who, Runnable action) {
    if (atMs < now()) {
      throw new IllegalArgumentException(what + " for " + who + " scheduled in the past: " + atMs + " < " + now());
    }
    queue.add(new Event(atMs, seq++, what, who, action));
  }

  void after(long delayMs, String what, String who, Runnable action) {
    at(now() + delayMs, what, who, action);
  }

  /**
   * Runs the next step due no later than {@code limitMs}: the detector timers due first, or else
   * the next event. Returns false, with the clock moved to {@code limitMs}, when nothing is due
   * by then.
   */
  boolean step(long limitMs) {
    Event next = queue.peek();
    long eventAt = next == null ? Long.MAX_VALUE : next.atMs;
    long timerAt = Long.MAX_VALUE;
    Map.Entry<String, ManualTimers> due = null;
    for (Map.Entry<String, ManualTimers> t : timers.entrySet()) {
      if (t.getValue().nextDueMs() < timerAt) {
        timerAt = t.getValue().nextDueMs();
        due = t;
      }
    }
    if (Math.min(eventAt, timerAt) > limitMs) {
      clock.set(Math.max(now(), limitMs));
      return false;
    }
    steps++;
    if (timerAt <= eventAt) {
      trace.event(timerAt, "timers", due.getKey());
      due.getValue().advanceTo(timerAt);
      return true;
    }
    queue.poll();
    clock.set(next.atMs);
    trace.event(next.atMs, next.what, next.who);
    next.action.run();
    return true;
  }
}
