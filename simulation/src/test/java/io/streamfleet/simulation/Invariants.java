package io.streamfleet.simulation;

import io.streamfleet.model.Assignment;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.server.state.ClusterState;
import io.streamfleet.server.state.StoredStream;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * The properties a run must keep, judged against what really runs ({@link RunningInstances}) and
 * the committed state. Safety, after every step:
 * <ol>
 *   <li>an exclusive stream never has two running instances, whatever their epochs;
 *   <li>no stream has two running instances of its current committed epoch;
 *   <li>a stream's committed epoch never goes back.
 * </ol>
 * Invariant 1 excuses the {@link KnownGap}s it is told to, and records when it did. Liveness
 * (invariant 4), once every fault has healed: every stream is reported running and really runs, at
 * its assigned epoch, on its assigned node's live agent and nowhere else.
 */
final class Invariants {
  private final ClusterState state;
  private final RunningInstances world;
  private final Function<String, SimulatedAgent> agents;
  private final Set<KnownGap> excusable;
  private final Map<String, Long> epochs = new HashMap<>();
  private final Set<KnownGap> excused = EnumSet.noneOf(KnownGap.class);

  Invariants(ClusterState state, RunningInstances world, Function<String, SimulatedAgent> agents, Set<KnownGap> excusable) {
    this.state = state;
    this.world = world;
    this.agents = agents;
    this.excusable = Set.copyOf(excusable);
  }

  /** The first safety property broken now, in words, or null. */
  String safetyViolation() {
    for (StoredStream s : state.streams()) {
      String id = s.spec().id();
      Assignment a = state.assignment(id);
      Long before = epochs.put(id, a.epoch());
      if (before != null && a.epoch() < before) {
        return "invariant 3: the committed epoch of " + id + " went back from " + before + " to " + a.epoch();
      }
      List<RunningInstances.Instance> running = world.of(id);
      if (running.size() < 2) {
        continue;
      }
      if (s.spec().handover() == HandoverPolicy.EXCLUSIVE) {
        List<KnownGap> gaps = running.stream().map(this::knownGap).filter(g -> g != null && excusable.contains(g)).toList();
        if (running.size() - gaps.size() > 1) {
          return "invariant 1: exclusive stream " + id + " runs " + running.size() + " instances: " + running
              + " (committed: epoch " + a.epoch() + " on " + a.node() + ")";
        }
        excused.addAll(gaps);
      }
      int ofCurrentEpoch = 0;
      for (RunningInstances.Instance i : running) {
        ofCurrentEpoch += i.epoch() == a.epoch() ? 1 : 0;
      }
      if (ofCurrentEpoch > 1) {
        return "invariant 2: stream " + id + " runs two instances of its current epoch " + a.epoch() + ": " + running;
      }
    }
    return null;
  }

  /**
   * Which known gap excuses {@code i} now, or null: an instance whose agent's lease holds only
   * thanks to acks sent after its node was declared down, or an instance of a frozen (or
   * catching-up) agent whose lease has expired (which that agent will stop at its next check).
   */
  private KnownGap knownGap(RunningInstances.Instance i) {
    SimulatedAgent agent = agents.apply(i.node());
    if (agent == null || agent.incarnation() != i.incarnation()) {
      return null;
    }
    if (agent.leaseValid()) {
      return agent.leaseHeldByAcksAfterDown() ? KnownGap.LEASE_RENEWED_AFTER_DOWN : null;
    }
    if (!agent.frozen()) {
      return null;
    }
    return i.startedAtMs() <= agent.pausedAtMs() ? KnownGap.FROZEN_PAST_LEASE : KnownGap.STARTED_ON_STALE_LEASE;
  }

  /** The known gaps that excused an overlap in this run so far. */
  Set<KnownGap> excused() {
    return Set.copyOf(excused);
  }

  /** Why the cluster has not converged, or null when it has. */
  String unconverged() {
    for (StoredStream s : state.streams()) {
      String id = s.spec().id();
      Assignment a = state.assignment(id);
      if (a.node() == null) {
        return id + " is pending at epoch " + a.epoch() + ": " + a.reason();
      }
      if (a.state() != AssignmentState.RUNNING) {
        return id + " is " + a.state().wireName() + " on " + a.node() + " at epoch " + a.epoch();
      }
      SimulatedAgent agent = agents.apply(a.node());
      List<RunningInstances.Instance> running = world.of(id);
      boolean exactlyThere = running.size() == 1 && agent != null && agent.alive()
          && running.getFirst().node().equals(a.node()) && running.getFirst().incarnation() == agent.incarnation()
          && running.getFirst().epoch() == a.epoch();
      if (!exactlyThere) {
        return id + " should run at epoch " + a.epoch() + " on " + a.node() + " only, but runs: " + running;
      }
    }
    return null;
  }
}
