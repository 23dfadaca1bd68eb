package io.streamfleet.simulation;

import io.streamfleet.model.Assignment;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.model.job.JobIds;
import io.streamfleet.model.job.JobRecord;
import io.streamfleet.model.rollout.Rollout;
import io.streamfleet.model.rollout.RolloutStatus;
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
 *   <li>a stream's committed epoch never goes back;
 *   <li value="5">a job never has two running instances ({@code job:ID}), whatever their epochs
 *       or nodes: an attempt never runs on two nodes at once, nor beside an older one;
 *   <li>a job's committed epoch (its attempt number) never goes back.
 * </ol>
 * An instance counts as alive until its process is gone (exited, stopped, killed, or dead with its
 * agent); nothing is excused. Liveness, once every fault has healed and every job was submitted:
 * <ol>
 *   <li value="4">every stream is reported running and really runs, at its assigned epoch, on its
 *       assigned node's live agent and nowhere else; no planned move is in flight and no rollout is
 *       still running (each succeeded or was reverted);
 *   <li value="7">every job has finished (succeeded, or failed after its attempts) and no
 *       instance of it runs anywhere.
 * </ol>
 */
final class Invariants {
  private final ClusterState state;
  private final RunningInstances world;
  private final Function<String, SimulatedAgent> agents;
  private final Map<String, Long> epochs = new HashMap<>();
  private final Map<String, Long> jobEpochs = new HashMap<>();

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
    return jobSafetyViolation();
  }

  private String jobSafetyViolation() {
    if (state.jobCount() == 0 && jobEpochs.isEmpty()) {
      return null; // half the schedules have no jobs
    }
    jobEpochs.keySet().removeIf(id -> state.job(id) == null); // forgotten by retention (never within a run, in practice)
    for (JobRecord j : state.jobs()) {
      Long before = jobEpochs.put(j.id(), j.epoch());
      if (before != null && j.epoch() < before) {
        return "invariant 6: the committed epoch of job " + j.id() + " went back from " + before + " to " + j.epoch();
      }
      List<RunningInstances.Instance> running = world.of(JobIds.instanceId(j.id()));
      if (running.size() > 1) {
        return "invariant 5: job " + j.id() + " runs " + running.size() + " instances: " + running + " (committed: " + j.state().wireName()
            + ", epoch " + j.epoch() + (j.node() == null ? "" : " on " + j.node()) + (j.fence() == null ? "" : ", fenced " + j.fence()) + ")";
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
        return "invariant 4: " + id + " is pending at epoch " + a.epoch() + ": " + a.reason();
      }
      if (a.state() != AssignmentState.RUNNING) {
        return "invariant 4: " + id + " is " + a.state().wireName() + " on " + a.node() + " at epoch " + a.epoch();
      }
      if (a.handover() != null) {
        return "invariant 4: " + id + " is moving to " + a.handover().toNode() + " at epoch " + a.handover().epoch() + " ("
            + a.handover().purpose() + ")";
      }
      SimulatedAgent agent = agents.apply(a.node());
      List<RunningInstances.Instance> running = world.of(id);
      boolean exactlyThere = running.size() == 1 && agent != null && agent.alive()
          && running.getFirst().node().equals(a.node()) && running.getFirst().incarnation() == agent.incarnation()
          && running.getFirst().epoch() == a.epoch();
      if (!exactlyThere) {
        return "invariant 4: " + id + " should run at epoch " + a.epoch() + " on " + a.node() + " only, but runs: " + running;
      }
    }
    for (Rollout r : state.rollouts()) {
      if (r.status() == RolloutStatus.RUNNING) {
        return "invariant 4: the rollout of " + r.processor() + " to version " + r.version() + " is still running";
      }
    }
    for (JobRecord j : state.jobs()) {
      if (!j.state().terminal()) {
        return "invariant 7: job " + j.id() + " is " + j.state().wireName() + " at epoch " + j.epoch() + " after " + j.attempts()
            + " attempt(s)" + (j.node() == null ? "" : " on " + j.node()) + (j.reason() == null ? "" : ": " + j.reason());
      }
      List<RunningInstances.Instance> running = world.of(JobIds.instanceId(j.id()));
      if (!running.isEmpty()) {
        return "invariant 7: job " + j.id() + " has " + j.state().wireName() + " but still runs: " + running;
      }
    }
    return null;
  }
}
