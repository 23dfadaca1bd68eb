package io.streamfleet.simulation;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The agent's lease watchdog (lease-watchdog.sh, a process of its own) as the simulation sees it:
 * told every lease renewal by the agent and every exclusive process by the driver, it kills the
 * guarded processes when the deadline passes, whether or not the agent runs (its events do not go
 * through the agent's process, so a paused agent does not pause it). Killed with the agent, it
 * kills what it guards too (its input ends).
 */
final class SimulatedWatchdog {
  /** A guarded process: what happens to it when the watchdog kills it. */
  interface Guarded {
    void killedByWatchdog();
  }

  private final EventLoop loop;
  private final String node;
  private final Set<Guarded> guarded = new LinkedHashSet<>();
  private long deadlineMs = Long.MIN_VALUE;
  private long generation;

  SimulatedWatchdog(EventLoop loop, String node) {
    this.loop = loop;
    this.node = node;
  }

  /** The agent renewed its lease until {@code untilMs}. */
  void leaseUntil(long untilMs) {
    deadlineMs = untilMs;
    arm();
  }

  boolean leaseHolds() {
    return loop.now() < deadlineMs;
  }

  void guard(Guarded g) {
    guarded.add(g);
    arm();
  }

  void unguard(Guarded g) {
    guarded.remove(g);
  }

  /** Its input ended: the agent died. */
  void agentDied() {
    killAll();
  }

  private void arm() {
    long g = ++generation;
    loop.at(Math.max(loop.now(), deadlineMs), "watchdog deadline", node, () -> {
      if (g == generation && loop.now() >= deadlineMs) {
        killAll();
      }
    });
  }

  private void killAll() {
    List<Guarded> all = List.copyOf(guarded);
    guarded.clear();
    all.forEach(Guarded::killedByWatchdog);
  }
}
