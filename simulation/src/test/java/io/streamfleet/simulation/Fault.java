package io.streamfleet.simulation;

import io.streamfleet.model.Handover;
import io.streamfleet.model.ProcessorSpec;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.model.UpdatePolicy;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.DeleteStream;
import io.streamfleet.model.command.DrainNode;
import io.streamfleet.model.command.MoveStreams;
import io.streamfleet.model.command.PlaceStreams;
import io.streamfleet.model.command.PutProcessor;
import io.streamfleet.model.command.UpdateStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

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

  /** The stream's camera drops off the network and comes back: its instances are degraded meanwhile, wherever they run. */
  record CameraAway(String streamId, long atMs, long durationMs) implements Fault {
    @Override
    public void begin(Simulation sim) {
      sim.cameras().goAway(streamId);
    }

    @Override
    public void end(Simulation sim) {
      sim.cameras().comeBack(streamId);
    }
  }

  /**
   * A planned change of one stream while it runs: preempted (evicted for a higher-priority one),
   * moved to another node, its spec updated (a new epoch on the same node), or deleted and created
   * again after {@code durationMs}; or a make-before-break change: a handover move to {@code
   * toNode}, a drain of the stream's node (uncordoned after {@code durationMs}), or a rollout of
   * its processor. Exclusive streams must go through the exclusive rule every way.
   */
  record StreamChange(String streamId, Kind kind, String toNode, long atMs, long durationMs) implements Fault {
    enum Kind { PREEMPT, MOVE, UPDATE, RECREATE, HANDOVER, DRAIN, ROLLOUT }

    @Override
    public void begin(Simulation sim) {
      sim.streamChange(this);
    }

    @Override
    public void end(Simulation sim) {
      if (kind == Kind.RECREATE) {
        sim.recreate(streamId);
      } else if (kind == Kind.DRAIN) {
        sim.endDrain(this);
      }
    }

    /** Proposes the change against the committed state as it is now (a stale one is skipped by apply). */
    void apply(Simulation sim, CommittedState committed, long nowMs) {
      var a = committed.read().assignment(streamId);
      var stored = committed.read().stream(streamId);
      if (a == null || stored == null) {
        return;
      }
      var meta = new CommandMeta(nowMs, "operator", "api");
      switch (kind) {
        case PREEMPT -> {
          if (a.node() != null) {
            committed.submit(new PlaceStreams(meta, List.of(), Map.of(),
                List.of(new PlaceStreams.Eviction(streamId, a.epoch(), "preempted (simulated)")),
                List.of()));
          }
        }
        case MOVE -> {
          if (a.node() != null && !a.node().equals(toNode)) {
            committed.submit(new PlaceStreams(meta, List.of(), Map.of(), List.of(),
                List.of(new PlaceStreams.Move(streamId, a.epoch(), toNode))));
          }
        }
        case UPDATE -> {
          var spec = stored.spec();
          var params = new TreeMap<String, String>(spec.params());
          params.put("rev", Long.toString(nowMs));
          committed.submit(new UpdateStream(meta, new StreamSpec(spec.id(), spec.url(),
              spec.processor(), spec.zone(), spec.resources(), spec.labels(), spec.priority(), spec.handover(), spec.spreadGroup(), params,
              spec.overlapZones(), spec.nodeSelector())));
        }
        case RECREATE -> {
          sim.rememberForRecreate(stored.spec());
          committed.submit(new DeleteStream(meta, streamId));
        }
        case HANDOVER -> {
          if (a.node() != null) {
            committed.submit(new MoveStreams(meta, List.of(
                new MoveStreams.Move(streamId, a.epoch(), toNode, 0, Handover.MOVE,
                    nowMs + 5_000))));
          }
        }
        case DRAIN -> {
          if (a.node() != null) {
            sim.drainStarted(this, a.node());
            committed.submit(new DrainNode(meta, a.node(), 2, nowMs + durationMs, null));
          }
        }
        case ROLLOUT -> {
          var p = committed.read().processor(stored.spec().processor());
          var env = new TreeMap<String, String>(p.env());
          env.put("REV", Long.toString(nowMs));
          committed.submit(new PutProcessor(meta, new ProcessorSpec(p.name(), 0, p.driver(),
              p.builtin(), p.command(), env, p.workingDir(), p.readiness(), p.resources(), p.description(),
              new UpdatePolicy(2, 500, 0, true, 1, 5_000))));
        }
      }
    }
  }
}
