package io.streamfleet.server.api;

import io.streamfleet.model.Assignment;
import io.streamfleet.model.NodeRecord;
import io.streamfleet.model.Resources;
import io.streamfleet.model.api.NodeView;
import io.streamfleet.model.api.StreamStatus;
import io.streamfleet.model.api.StreamView;
import io.streamfleet.server.state.ClusterState;
import io.streamfleet.server.state.StoredStream;

/** Builds API views from the replicated state (callers hold the state read lock). */
final class Views {
  private Views() {}

  static StreamView stream(ClusterState state, StoredStream s) {
    Assignment a = state.assignment(s.spec().id());
    StreamStatus status = a == null ? null
        : new StreamStatus(a.state(), a.node(), a.epoch(), a.reason(), a.sinceMs(), null, null, a.restarts());
    return StreamView.of(s.spec(), s.generation(), s.createdMs(), s.updatedMs(), status);
  }

  static NodeView node(ClusterState state, NodeRecord n) {
    int cpu = 0;
    int mem = 0;
    int gpu = 0;
    int count = 0;
    for (Assignment a : state.assignments()) {
      if (n.id().equals(a.node())) {
        Resources r = state.stream(a.streamId()).spec().resources();
        cpu += r.cpuMillis();
        mem += r.memoryMb();
        gpu += r.gpu();
        count++;
      }
    }
    return new NodeView(n.id(), n.state(), n.zone(), n.labels(), n.nodeClass(), n.capacity(),
        new Resources(cpu, mem, gpu, null), null, null, count);
  }
}
