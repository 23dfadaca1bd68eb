package io.streamfleet.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Small helpers the scheduler tests share: building snapshots and applying plans as the server would. */
final class Clusters {
  private Clusters() {}

  static ClusterSnapshot snapshot(List<NodeBuilder> nodes, List<StreamBuilder> streams) {
    return new ClusterSnapshot(nodes.stream().map(NodeBuilder::build).toList(),
        streams.stream().map(StreamBuilder::build).toList());
  }

  /** The snapshot after the server applied {@code plan}: placed streams on their node, evicted ones pending. */
  static ClusterSnapshot applied(ClusterSnapshot snapshot, Plan plan) {
    return new ClusterSnapshot(snapshot.nodes(), SettledPlacement.applied(snapshot.streams(), plan));
  }

  /** The snapshot after the moves. */
  static ClusterSnapshot moved(ClusterSnapshot snapshot, List<Move> moves) {
    Map<String, String> to = new HashMap<>();
    moves.forEach(m -> to.put(m.streamId(), m.to()));
    List<StreamSlot> streams = new ArrayList<>();
    for (StreamSlot s : snapshot.streams()) {
      streams.add(to.containsKey(s.id()) ? s.onNode(to.get(s.id())) : s);
    }
    return new ClusterSnapshot(snapshot.nodes(), streams);
  }

  /** Plans until nothing changes, then drops the streams that fit nowhere: every stream placed. */
  static ClusterSnapshot settledWithoutUnplaceable(Scheduler scheduler, ClusterSnapshot snapshot) {
    SettledPlacement settled = SettledPlacement.of(scheduler, snapshot.nodes(), snapshot.streams(), false);
    Set<String> live = new HashSet<>();
    snapshot.nodes().forEach(n -> live.add(n.id()));
    return new ClusterSnapshot(snapshot.nodes(),
        settled.streams().stream().filter(s -> s.node() != null && live.contains(s.node())).toList());
  }

  static String nodeOf(Plan plan, String streamId) {
    return plan.placementsByStream().get(streamId);
  }
}
