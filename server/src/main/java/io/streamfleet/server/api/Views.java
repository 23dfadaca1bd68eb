package io.streamfleet.server.api;

import io.streamfleet.model.Assignment;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.Drain;
import io.streamfleet.model.Handover;
import io.streamfleet.model.NodeRecord;
import io.streamfleet.model.ProcessorSpec;
import io.streamfleet.model.Redaction;
import io.streamfleet.model.api.NodeView;
import io.streamfleet.model.api.RolloutView;
import io.streamfleet.model.api.StreamStatus;
import io.streamfleet.model.api.StreamView;
import io.streamfleet.model.rollout.Rollout;
import io.streamfleet.protocol.v1.ProcessorUsage;
import io.streamfleet.server.leader.NodeLiveness;
import io.streamfleet.server.state.ClusterState;
import io.streamfleet.server.state.StoredStream;

/**
 * Builds API views from the replicated state (callers hold the state read lock) plus what the
 * agents' heartbeats say (fps, usage; known on the leader).
 */
final class Views {
  private final NodeLiveness liveness;

  Views(NodeLiveness liveness) {
    this.liveness = liveness;
  }

  StreamView stream(ClusterState state, StoredStream s) {
    Assignment a = state.assignment(s.spec().id());
    StreamStatus status = null;
    if (a != null) {
      ProcessorUsage u = a.node() == null ? null : liveness.usage(a.node(), a.streamId(), a.epoch());
      Handover h = a.handover();
      status = new StreamStatus(a.state(), a.node(), a.epoch(), Redaction.text(a.reason()), a.sinceMs(),
          u == null ? null : u.getFps(), u == null ? null : u.getLastFrameMsAgo(), a.restarts(),
          a.node() == null ? null : a.version(), h, a.lastFailure(), frames(u));
    }
    return StreamView.of(s.spec(), s.generation(), s.createdMs(), s.updatedMs(), status);
  }

  /** Frame figures when the instance reports any (builtin processors name their decoder, or have processed frames). */
  private static StreamStatus.FrameStats frames(ProcessorUsage u) {
    if (u == null || (u.getFramesProcessed() == 0 && u.getDecoder().isEmpty())) {
      return null;
    }
    return new StreamStatus.FrameStats(u.getLatencyMsP50(), u.getLatencyMsP99(), u.getFramesProcessed(), u.getFramesDropped(),
        u.getReconnects(), u.getDecoder().isEmpty() ? null : u.getDecoder());
  }

  NodeView node(ClusterState state, NodeRecord n) {
    int count = (int) state.assignments().stream().filter(a -> n.id().equals(a.node())).count();
    NodeLiveness.Beat beat = liveness.latest(n.id());
    NodeView.Usage usage = beat == null ? null
        : new NodeView.Usage(beat.heartbeat().getCpuPercent(), beat.heartbeat().getMemoryPercent());
    Long ago = beat == null ? null : (System.nanoTime() - beat.receivedNanos()) / 1_000_000;
    return new NodeView(n.id(), n.effectiveState(), stateReason(n, count), n.stateSinceMs(), n.zone(), n.labels(), n.nodeClass(),
        n.capacity(), state.allocated(n.id()), usage, ago, count, n.isHttpWorker() ? NodeRecord.HTTP : "agent",
        state.jobsOn(n.id()).size(), n.drain());
  }

  /** Why the node is in its state: the agent's or detector's reason, or what the operator did. */
  private static String stateReason(NodeRecord n, int streams) {
    Drain d = n.drain();
    return switch (n.effectiveState()) {
      case CORDONED -> "cordoned by an operator";
      case DRAINING -> d.stuck() != null ? d.stuck()
          : "being drained by an operator: " + streams + " stream(s) left, at most " + d.maxParallel() + " moving at a time";
      case DRAINED -> "drained by an operator: nothing runs here; uncordon it to take streams again";
      default -> n.stateReason();
    };
  }

  /**
   * A rollout with counts from the state at {@code nowMs}: of the placed streams that use its
   * processor, how many run its version (or, for the current version, a version that processes
   * exactly the same way, which the rollout leaves in place), are moving to it, and have been
   * healthy on it for the policy's minimum time.
   */
  RolloutView rollout(ClusterState state, Rollout r, long nowMs) {
    ProcessorSpec current = state.processor(r.processor());
    ProcessorSpec target = current != null && current.version() == r.version() ? current : null;
    int streams = 0;
    int updated = 0;
    int inFlight = 0;
    int healthy = 0;
    for (Assignment a : state.assignments()) {
      StoredStream s = state.stream(a.streamId());
      if (a.node() == null || s == null || !s.spec().processor().equals(r.processor())) {
        continue;
      }
      streams++;
      Handover h = a.handover();
      if (h != null && Handover.ROLLOUT.equals(h.purpose()) && h.version() == r.version()) {
        inFlight++;
      }
      boolean runsIt = a.version() == r.version()
          || (target != null && state.processorAt(r.processor(), a.version()).sameProcessingAs(target));
      if (!runsIt) {
        continue;
      }
      updated++;
      Long updatedAt = a.version() == r.version() ? r.updatedMs().get(a.streamId()) : null;
      if (a.state() == AssignmentState.RUNNING && (updatedAt == null || updatedAt + r.policy().minHealthyTimeMs() <= nowMs)) {
        healthy++;
      }
    }
    return new RolloutView(r.processor(), r.version(), r.fromVersion(), r.status(), Redaction.text(r.reason()), r.startedMs(), r.endedMs(),
        r.policy(), r.failures(), r.promoted(), r.revertOf(), streams, updated, inFlight, healthy);
  }
}
