package io.streamfleet.scheduler;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which nodes hold members of which spread group, and how many. Only the groups someone asks
 * about are tracked (the groups of the streams being placed), so a round that places a lost
 * node's streams does not index the whole cluster's groups.
 */
final class SpreadIndex {
  private final Map<String, Map<NodeLoad, Integer>> members = new HashMap<>();

  private SpreadIndex() {}

  /** Tracks every group of {@code streams}; members are the placed streams of those groups. */
  static SpreadIndex forGroupsOf(Collection<StreamSlot> streams, ClusterLoad load) {
    Set<String> groups = new HashSet<>();
    for (StreamSlot stream : streams) {
      if (stream.spreadGroup() != null) {
        groups.add(stream.spreadGroup());
      }
    }
    SpreadIndex index = new SpreadIndex();
    if (groups.isEmpty()) {
      return index;
    }
    groups.forEach(g -> index.members.put(g, new IdentityHashMap<>()));
    // The group test comes first: it is cheaper than the node lookup and rules out most streams.
    for (StreamSlot stream : load.snapshot().streams()) {
      if (stream.spreadGroup() != null && groups.contains(stream.spreadGroup())) {
        NodeLoad on = load.node(stream.node());
        if (on != null) {
          index.add(stream.spreadGroup(), on);
        }
      }
    }
    return index;
  }

  /** Tracks every group of the streams on live nodes. */
  static SpreadIndex ofAllPlaced(ClusterLoad load) {
    SpreadIndex index = new SpreadIndex();
    for (StreamSlot stream : load.snapshot().streams()) {
      NodeLoad on = stream.spreadGroup() == null ? null : load.node(stream.node());
      if (on != null) {
        index.members.computeIfAbsent(stream.spreadGroup(), g -> new IdentityHashMap<>()).merge(on, 1, Integer::sum);
      }
    }
    return index;
  }

  int count(String group, NodeLoad node) {
    if (group == null) {
      return 0;
    }
    Map<NodeLoad, Integer> nodes = members.get(group);
    return nodes == null ? 0 : nodes.getOrDefault(node, 0);
  }

  boolean has(String group, NodeLoad node) {
    return count(group, node) > 0;
  }

  /** The nodes holding members of {@code group}, by id. */
  List<NodeLoad> nodesOf(String group) {
    Map<NodeLoad, Integer> nodes = members.get(group);
    if (nodes == null) {
      return List.of();
    }
    List<NodeLoad> sorted = new ArrayList<>(nodes.keySet());
    sorted.sort(Comparator.comparing(NodeLoad::id));
    return sorted;
  }

  /** No-op for a group nobody tracks. */
  void add(String group, NodeLoad node) {
    Map<NodeLoad, Integer> nodes = group == null ? null : members.get(group);
    if (nodes != null) {
      nodes.merge(node, 1, Integer::sum);
    }
  }

  void remove(String group, NodeLoad node) {
    Map<NodeLoad, Integer> nodes = group == null ? null : members.get(group);
    if (nodes != null) {
      nodes.computeIfPresent(node, (n, c) -> c > 1 ? c - 1 : null);
    }
  }
}
