package io.streamfleet.scheduler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;

/**
 * Builds {@link NodePool}s on first use and remembers them for the round, and tells a stream
 * which pools it may use, tier by tier ({@link Reach}).
 *
 * <p>A pool is keyed by what filters nodes out for good: zone, accelerator, label selector and
 * whether GPUs are needed. Building one costs a pass over that zone's nodes, once per distinct
 * key per round; cameras mostly share a handful of profiles, so that is a few passes in all.
 * Every pool a node is in is re-ranked when its load changes, hence few pools per node.
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
    ReachKey key = ReachKey.of(stream);
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
    List<NodePool[]> tiers = new ArrayList<>(2);
    if (!own.isEmpty()) {
      tiers.add(own.toArray(new NodePool[0]));
    }
    if (!overlap.isEmpty()) {
      tiers.add(overlap.toArray(new NodePool[0]));
    }
    return new Reach(tiers.toArray(new NodePool[0][]));
  }

  private NodePool pool(String zoneKey, ReachKey reachKey, StreamSlot stream) {
    PoolKey key = new PoolKey(zoneKey, reachKey.accelerator(), reachKey.selector(), reachKey.needsGpu());
    NodePool pool = pools.get(key);
    if (pool == null) {
      List<NodeLoad> members = new ArrayList<>();
      for (NodeLoad node : load.schedulableByZone().get(zoneKey)) {
        NodeSlot slot = node.node();
        if (HardConstraints.matchesLabels(stream, slot) && HardConstraints.hasAccelerator(stream, slot)
            && (!key.needsGpu() || slot.capacity().gpu() > 0)) {
          members.add(node);
        }
      }
      pool = new NodePool(members);
      pools.put(key, pool);
    }
    return pool;
  }

  /**
   * Where a stream may go: pools by preference tier (own zone, then overlap zones). Arrays, not
   * lists: every placement walks them.
   */
  static final class Reach {
    private final NodePool[][] tiers;

    private Reach(NodePool[][] tiers) {
      this.tiers = tiers;
    }

    int tierCount() {
      return tiers.length;
    }

    /** The pools of tier {@code i}; the caller must not change the array. */
    NodePool[] tier(int i) {
      return tiers[i];
    }
  }

  /** @param selector as in {@link ReachKey} */
  private record PoolKey(String zoneKey, String accelerator, Object selector, boolean needsGpu) {}

  /**
   * What decides a stream's reach. It is looked up once per stream, so it is made cheap to hash
   * and compare: the usual overlap zones (none, or "*", which reaches every zone whatever else is
   * listed) and the usual selector (none) are shared markers compared by identity, not sets and
   * maps that would be walked.
   */
  private record ReachKey(String zone, Object overlapZones, Object selector, String accelerator, boolean needsGpu) {
    private static final Object NONE = new Object();
    private static final Object ANY_ZONE = new Object();

    static ReachKey of(StreamSlot stream) {
      SortedSet<String> overlap = stream.overlapZones();
      Object overlapKey = overlap.isEmpty() ? NONE : overlap.contains(StreamSlot.ANY_ZONE) ? ANY_ZONE : overlap;
      Object selectorKey = stream.nodeSelector().isEmpty() ? NONE : stream.nodeSelector();
      return new ReachKey(stream.zone(), overlapKey, selectorKey, stream.request().accelerator(), stream.request().gpu() > 0);
    }
  }
}
