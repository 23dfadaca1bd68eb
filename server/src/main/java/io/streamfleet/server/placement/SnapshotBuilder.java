package io.streamfleet.server.placement;

import io.streamfleet.model.Assignment;
import io.streamfleet.model.NodeRecord;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.Resources;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.scheduler.ClusterSnapshot;
import io.streamfleet.scheduler.NodeSlot;
import io.streamfleet.scheduler.StreamSlot;
import io.streamfleet.server.state.ClusterState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns the committed state into the scheduler's snapshot. Ready nodes take new streams;
 * suspect, cordoned and draining nodes keep theirs but take none; down and drained nodes are
 * left out, so their streams need placing.
 */
public final class SnapshotBuilder {
  private SnapshotBuilder() {}

  /**
   * @param measured a node's measured use, or null when unknown
   * @param waiting pending streams that must not be placed yet (exclusive streams whose old
   *     lease may still run); they are left out
   * @param lostNode a node to treat as gone (planning a node loss before it is committed), or null
   */
  public static ClusterSnapshot build(ClusterState state, Function<String, Resources> measured, Predicate<String> waiting,
      String lostNode) {
    List<NodeSlot> nodes = new ArrayList<>();
    for (NodeRecord n : state.nodes()) {
      if (n.state() == NodeState.DOWN || n.state() == NodeState.DRAINED || n.id().equals(lostNode)) {
        continue;
      }
      nodes.add(new NodeSlot(n.id(), n.zone(), n.labels(), n.capacity(), n.effectiveState() == NodeState.READY, measured.apply(n.id())));
    }
    List<StreamSlot> streams = new ArrayList<>();
    for (Assignment a : state.assignments()) {
      if (a.node() == null && waiting.test(a.streamId())) {
        continue;
      }
      StreamSpec s = state.stream(a.streamId()).spec();
      streams.add(new StreamSlot(s.id(), s.resources(), s.zone(), s.overlapZones(), s.nodeSelector(), s.priority(), s.spreadGroup(),
          a.node()));
    }
    return new ClusterSnapshot(nodes, streams);
  }
}
