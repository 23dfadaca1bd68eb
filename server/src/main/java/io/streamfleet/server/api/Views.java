package io.streamfleet.server.api;

import io.streamfleet.model.Assignment;
import io.streamfleet.model.NodeRecord;
import io.streamfleet.model.api.NodeView;
import io.streamfleet.model.api.StreamStatus;
import io.streamfleet.model.api.StreamView;
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
      status = new StreamStatus(a.state(), a.node(), a.epoch(), io.streamfleet.model.Redaction.text(a.reason()), a.sinceMs(),
          u == null ? null : u.getFps(), u == null ? null : u.getLastFrameMsAgo(), a.restarts());
    }
    return StreamView.of(s.spec(), s.generation(), s.createdMs(), s.updatedMs(), status);
  }

  NodeView node(ClusterState state, NodeRecord n) {
    int count = (int) state.assignments().stream().filter(a -> n.id().equals(a.node())).count();
    NodeLiveness.Beat beat = liveness.latest(n.id());
    NodeView.Usage usage = beat == null ? null
        : new NodeView.Usage(beat.heartbeat().getCpuPercent(), beat.heartbeat().getMemoryPercent());
    Long ago = beat == null ? null : (System.nanoTime() - beat.receivedNanos()) / 1_000_000;
    return new NodeView(n.id(), n.effectiveState(), n.cordoned() && n.state() == io.streamfleet.model.NodeState.READY ? "cordoned by an operator" : n.stateReason(), n.stateSinceMs(), n.zone(), n.labels(), n.nodeClass(), n.capacity(),
        state.allocated(n.id()), usage, ago, count, n.isHttpWorker() ? NodeRecord.HTTP : "agent", state.jobsOn(n.id()).size());
  }
}
