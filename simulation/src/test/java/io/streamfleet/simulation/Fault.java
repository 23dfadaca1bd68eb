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

  /** The node's link to the leader is cut (see {@link Network.Cut}), both ways or one; no end sees a close. */
  record Partition(String node, long atMs, long durationMs, Network.Cut cut, Network.Direction direction) implements Fault {
    Partition(String node, long atMs, long durationMs, Network.Cut cut) {
      this(node, atMs, durationMs, cut, Network.Direction.BOTH);
    }

    @Override
    public void begin(Simulation sim) {
      sim.network().partition(node, cut, direction);
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

  /**
   * The leader is cut off from its peers without knowing it: a new leader is elected after
   * {@code electionMs}, and the old one steps down only after {@code durationMs} (up to an
   * election timeout and more), acting meanwhile.
   */
  record DeposedLeader(long atMs, long durationMs, long electionMs) implements Fault {
    @Override
    public void begin(Simulation sim) {
      sim.leaderDeposed(electionMs, durationMs);
    }

    @Override
    public void end(Simulation sim) {}
  }

  /** The leader's wall clock steps by {@code deltaMs} and back when it ends. */
  record LeaderClockStep(long atMs, long durationMs, long deltaMs) implements Fault {
    @Override
    public void begin(Simulation sim) {
      sim.leaderClockStep(deltaMs);
    }

    @Override
    public void end(Simulation sim) {
      sim.leaderClockStep(-deltaMs);
    }
  }

  /**
   * A planned change of one stream while it runs: preempted (evicted for a higher-priority one),
   * moved to another node, its spec updated (a new epoch on the same node), or deleted and created
   * again after {@code durationMs}. Exclusive streams must go through the exclusive rule every way.
   */
  record StreamChange(String streamId, Kind kind, String toNode, long atMs, long durationMs) implements Fault {
    enum Kind { PREEMPT, MOVE, UPDATE, RECREATE }

    @Override
    public void begin(Simulation sim) {
      sim.streamChange(this);
    }

    @Override
    public void end(Simulation sim) {
      if (kind == Kind.RECREATE) {
        sim.recreate(streamId);
      }
    }

    /** Proposes the change against the committed state as it is now (a stale one is skipped by apply). */
    void apply(Simulation sim, CommittedState committed, long nowMs) {
      var a = committed.read().assignment(streamId);
      var stored = committed.read().stream(streamId);
      if (a == null || stored == null) {
        return;
      }
      var meta = new io.streamfleet.model.command.CommandMeta(nowMs, "operator", "api");
      switch (kind) {
        case PREEMPT -> {
          if (a.node() != null) {
            committed.submit(new io.streamfleet.model.command.PlaceStreams(meta, java.util.List.of(), java.util.Map.of(),
                java.util.List.of(new io.streamfleet.model.command.PlaceStreams.Eviction(streamId, a.epoch(), "preempted (simulated)")),
                java.util.List.of()));
          }
        }
        case MOVE -> {
          if (a.node() != null && !a.node().equals(toNode)) {
            committed.submit(new io.streamfleet.model.command.PlaceStreams(meta, java.util.List.of(), java.util.Map.of(), java.util.List.of(),
                java.util.List.of(new io.streamfleet.model.command.PlaceStreams.Move(streamId, a.epoch(), toNode))));
          }
        }
        case UPDATE -> {
          var spec = stored.spec();
          var params = new java.util.TreeMap<String, String>(spec.params());
          params.put("rev", Long.toString(nowMs));
          committed.submit(new io.streamfleet.model.command.UpdateStream(meta, new io.streamfleet.model.StreamSpec(spec.id(), spec.url(),
              spec.processor(), spec.zone(), spec.resources(), spec.labels(), spec.priority(), spec.handover(), spec.spreadGroup(), params,
              spec.overlapZones(), spec.nodeSelector())));
        }
        case RECREATE -> {
          sim.rememberForRecreate(stored.spec());
          committed.submit(new io.streamfleet.model.command.DeleteStream(meta, streamId));
        }
      }
    }
  }
}
