package io.streamfleet.server.leader;

import io.streamfleet.model.NodeRecord;
import io.streamfleet.model.Resources;
import io.streamfleet.protocol.v1.Heartbeat;
import io.streamfleet.server.state.ClusterState;

/**
 * A node's measured use as the scheduler wants it: the machine's CPU and memory percentages from
 * its latest heartbeat, scaled to the node's advertised capacity.
 */
public final class Measurements {
  private final NodeLiveness liveness;

  public Measurements(NodeLiveness liveness) {
    this.liveness = liveness;
  }

  /** Measured use of {@code nodeId}, or null when it has not reported (call under the state's read lock). */
  public Resources of(ClusterState state, String nodeId) {
    NodeLiveness.Beat beat = liveness.latest(nodeId);
    if (beat == null) {
      return null;
    }
    NodeRecord node = state.node(nodeId);
    if (node == null) {
      return null;
    }
    Heartbeat h = beat.heartbeat();
    return new Resources((int) Math.round(h.getCpuPercent() / 100 * node.capacity().cpuMillis()),
        (int) Math.round(h.getMemoryPercent() / 100 * node.capacity().memoryMb()), 0, null);
  }
}
