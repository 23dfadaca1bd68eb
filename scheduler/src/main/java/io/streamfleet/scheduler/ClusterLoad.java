package io.streamfleet.scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The snapshot read once into per-node loads: every live node with what its streams reserve
 * (also on nodes that take no new streams), and the streams that need placing. One pass over
 * the streams and one over the nodes; everything else is built on demand.
 */
final class ClusterLoad {
  /** Zone key of nodes that have no zone (zones are ids, so this never clashes with one). */
  static final String NO_ZONE = "";

  /** Placement order: higher priority first, then by id. */
  static final Comparator<StreamSlot> PLACEMENT_ORDER =
      Comparator.comparingInt(StreamSlot::priority).reversed().thenComparing(StreamSlot::id);

  private final ClusterSnapshot snapshot;
  private final Map<String, NodeLoad> byId;
  private final List<NodeLoad> all;
  private final List<NodeLoad> schedulable;
  private final SortedMap<String, List<NodeLoad>> schedulableByZone;
  private final List<StreamSlot> pending;
  private Map<NodeLoad, List<StreamSlot>> running;

  private ClusterLoad(ClusterSnapshot snapshot, Map<String, NodeLoad> byId, List<NodeLoad> all, List<StreamSlot> pending) {
    this.snapshot = snapshot;
    this.byId = byId;
    this.all = all;
    this.pending = pending;
    this.schedulable = all.stream().filter(n -> n.node().schedulable()).toList();
    this.schedulableByZone = new TreeMap<>();
    for (NodeLoad n : schedulable) {
      schedulableByZone.computeIfAbsent(n.zoneKey(), z -> new ArrayList<>()).add(n);
    }
  }

  static ClusterLoad of(ClusterSnapshot snapshot, Weights weights) {
    List<NodeSlot> nodes = new ArrayList<>(snapshot.nodes());
    nodes.sort(Comparator.comparing(NodeSlot::id));
    Map<String, NodeLoad> byId = HashMap.newHashMap(nodes.size());
    List<NodeLoad> all = new ArrayList<>(nodes.size());
    for (NodeSlot node : nodes) {
      NodeLoad load = new NodeLoad(node, node.zone() == null ? NO_ZONE : node.zone(), weights);
      if (byId.putIfAbsent(node.id(), load) == null) {
        all.add(load);
      }
    }
    List<StreamSlot> pending = new ArrayList<>();
    for (StreamSlot stream : snapshot.streams()) {
      NodeLoad on = stream.node() == null ? null : byId.get(stream.node());
      if (on == null) {
        pending.add(stream);
      } else {
        on.addRunning(stream.request());
      }
    }
    pending.sort(PLACEMENT_ORDER);
    all.forEach(NodeLoad::rescore);
    return new ClusterLoad(snapshot, byId, all, pending);
  }

  /** Streams that need placing, in placement order. */
  List<StreamSlot> pending() {
    return pending;
  }

  /** Every live node, by id. */
  List<NodeLoad> all() {
    return all;
  }

  /** Nodes that take new streams, by id. */
  List<NodeLoad> schedulable() {
    return schedulable;
  }

  /** Zone key to the nodes there that take new streams (by id); zones sorted. */
  SortedMap<String, List<NodeLoad>> schedulableByZone() {
    return schedulableByZone;
  }

  NodeLoad node(String id) {
    return id == null ? null : byId.get(id);
  }

  /**
   * The streams running on {@code node}, by id; a mutable list the caller keeps current (an
   * eviction or move takes a stream out). Built for all nodes on first use: only preemption and
   * rebalancing need it, so a plain placement round never pays for it.
   */
  List<StreamSlot> running(NodeLoad node) {
    if (running == null) {
      running = new IdentityHashMap<>();
      for (StreamSlot stream : snapshot.streams()) {
        NodeLoad on = node(stream.node());
        if (on != null) {
          running.computeIfAbsent(on, n -> new ArrayList<>()).add(stream);
        }
      }
      running.values().forEach(list -> list.sort(Comparator.comparing(StreamSlot::id)));
    }
    return running.computeIfAbsent(node, n -> new ArrayList<>());
  }

  ClusterSnapshot snapshot() {
    return snapshot;
  }
}
