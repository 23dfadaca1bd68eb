package io.streamfleet.scheduler;

import java.util.List;

/**
 * An immutable view of the cluster for one planning round: the nodes that are alive (down nodes
 * are left out) and every stream, assigned or not. A stream whose {@code node} is not among
 * {@code nodes} needs placing, like one whose node is null.
 */
public record ClusterSnapshot(List<NodeSlot> nodes, List<StreamSlot> streams) {
  public ClusterSnapshot {
    nodes = List.copyOf(nodes);
    streams = List.copyOf(streams);
  }
}
