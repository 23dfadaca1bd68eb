package io.streamfleet.simulation;

/**
 * One fault of a schedule: it begins at {@link #atMs()} (relative to the start of the run) and
 * heals by itself {@link #durationMs()} later.
 */
sealed interface Fault {
  long atMs();

  long durationMs();

  default long endMs() {
    return atMs() + durationMs();
  }

  void begin(Simulation sim);

  void end(Simulation sim);

  /** kill -9 of the agent; a new incarnation starts when it ends. */
  record Crash(String node, long atMs, long durationMs) implements Fault {
    @Override
    public void begin(Simulation sim) {
      sim.crash(node);
    }

    @Override
    public void end(Simulation sim) {
      sim.restart(node);
    }
  }

  /** The node's link to the leader is cut (see {@link Network.Cut}); no end sees a close. */
  record Partition(String node, long atMs, long durationMs, Network.Cut cut) implements Fault {
    @Override
    public void begin(Simulation sim) {
      sim.network().partition(node, cut);
    }

    @Override
    public void end(Simulation sim) {
      sim.network().heal(node);
    }
  }

  /** SIGSTOP of the agent, SIGCONT when it ends. */
  record Pause(String node, long atMs, long durationMs) implements Fault {
    @Override
    public void begin(Simulation sim) {
      sim.agent(node).pause();
    }

    @Override
    public void end(Simulation sim) {
      sim.agent(node).resume();
    }
  }

  /** Every message of the node takes {@code extraDelayMs} longer. */
  record SlowLink(String node, long atMs, long durationMs, long extraDelayMs) implements Fault {
    @Override
    public void begin(Simulation sim) {
      sim.network().slow(node, extraDelayMs);
    }

    @Override
    public void end(Simulation sim) {
      sim.network().slow(node, 0);
    }
  }

  /** The leader loses leadership; a new leader (fresh memory, same committed state) takes over when it ends. */
  record LeaderChange(long atMs, long durationMs) implements Fault {
    @Override
    public void begin(Simulation sim) {
      sim.leaderLost();
    }

    @Override
    public void end(Simulation sim) {
      sim.newLeaderElected();
    }
  }
}
