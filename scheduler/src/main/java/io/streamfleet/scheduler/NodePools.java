package io.streamfleet.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;

/**
 * Builds {@link NodePool}s on first use and remembers them for the round, and tells a stream
 * which pools it may use, tier by tier ({@link Reach}).
 *
 * <p>A pool is keyed by what filters nodes out for good: zone, accelerator, label selector and
 * whether GPUs are needed. Building one costs a pass over that zone's nodes, once per distinct
 * key per round; cameras mostly share a handful of profiles, so that is a few passes in all.
 * Every pool a node is in is re-sorted when its load changes, hence few pools per node.
 */
final class NodePools {
  private final ClusterLoad load;
  private final Map<PoolKey, NodePool> pools = new HashMap<>();
  private final Map<ReachKey, Reach> reaches = new HashMap<>();

  NodePools(ClusterLoad load) {
    this.load = load;
  }

  /**
   * The pools {@code stream} may use: first the tier of its own zone (or of every zone when it
   * names none), then the tier of its overlap zones. Empty tiers are left out.
   */
  Reach reach(StreamSlot stream) {
    ReachKey key = new ReachKey(stream.zone(), stream.overlapZones(), stream.nodeSelector(),
        stream.request().accelerator(), stream.request().gpu() > 0);
    Reach reach = reaches.get(key);
    if (reach == null) {
      reach = buildReach(stream, key);
      reaches.put(key, reach);
    }
    return reach;
  }

  private Reach buildReach(StreamSlot stream, ReachKey key) {
    List<NodePool> own = new ArrayList<>();
    List<NodePool> overlap = new ArrayList<>();
    for (Map.Entry<String, List<NodeLoad>> zone : load.schedulableByZone().entrySet()) {
      String nodeZone = zone.getValue().get(0).node().zone();
      int tier = HardConstraints.zoneTier(stream, nodeZone);
      if (tier != HardConstraints.UNREACHABLE) {
        (tier == HardConstraints.OWN_ZONE ? own : overlap).add(pool(zone.getKey(), key, stream));
      }
    }
    List<List<NodePool>> tiers = new ArrayList<>(2);
    if (!own.isEmpty()) {
      tiers.add(List.copyOf(own));
    }
    if (!overlap.isEmpty()) {
      tiers.add(List.copyOf(overlap));
    }
    return new Reach(List.copyOf(tiers));
  }

  private NodePool pool(String zoneKey, ReachKey reachKey, StreamSlot stream) {
    PoolKey key = new PoolKey(zoneKey, reachKey.accelerator(), reachKey.selector(), reachKey.needsGpu());
    NodePool pool = pools.get(key);
    if (pool == null) {
      pool = new NodePool();
      for (NodeLoad node : load.schedulableByZone().get(zoneKey)) {
        NodeSlot slot = node.node();
        if (HardConstraints.matchesLabels(stream, slot) && HardConstraints.hasAccelerator(stream, slot)
            && (!key.needsGpu() || slot.capacity().gpu() > 0)) {
          pool.add(node);
          node.joinPool(pool);
        }
      }
      pools.put(key, pool);
    }
    return pool;
  }

  /** Where a stream may go: pools by preference tier (own zone, then overlap zones). */
  record Reach(List<List<NodePool>> tiers) {}

  private record PoolKey(String zoneKey, String accelerator, SortedMap<String, String> selector, boolean needsGpu) {}

  private record ReachKey(String zone, SortedSet<String> overlapZones, SortedMap<String, String> selector,
      String accelerator, boolean needsGpu) {}
}
