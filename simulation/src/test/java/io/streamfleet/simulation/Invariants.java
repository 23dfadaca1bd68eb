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
 * An instance counts as alive until its process is gone (stopped, killed, or dead with its agent);
 * nothing is excused. Liveness
 * (invariant 4), once every fault has healed: every stream is reported running and really runs, at
 * its assigned epoch, on its assigned node's live agent and nowhere else.
 */
final class Invariants {
  private final ClusterState state;
  private final RunningInstances world;
  private final Function<String, SimulatedAgent> agents;
  private final Map<String, Long> epochs = new HashMap<>();

  Invariants(ClusterState state, RunningInstances world, Function<String, SimulatedAgent> agents) {
    this.state = state;
    this.world = world;
    this.agents = agents;
  }

  /** The first safety property broken now, in words, or null. */
  String safetyViolation() {
    epochs.keySet().removeIf(id -> state.stream(id) == null); // a stream created again starts a new history
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
        return "invariant 1: exclusive stream " + id + " runs " + running.size() + " instances: " + running
            + " (committed: epoch " + a.epoch() + " on " + a.node() + ")";
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
