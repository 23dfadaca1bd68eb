package io.streamfleet.scheduler;

import io.streamfleet.model.Resources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * One planning round: places the pending streams of a snapshot, one at a time, highest priority
 * first (ties by id).
 *
 * <p>Design note. For each stream the choice is lexicographic, and each step is a hard filter
 * over the previous one, not a weight:
 *
 * <ol>
 *   <li>hard constraints: ready node, zone reachable, labels, accelerator, free capacity;
 *   <li>spread: a node holding no member of the stream's spread group, if there is one anywhere
 *       the stream may run (own zone or overlap zones); otherwise the node with the fewest;
 *   <li>zone tier: the stream's own zone before its overlap zones;
 *   <li>balance: the lowest {@link BalanceScore}, then the node id.
 * </ol>
 *
 * Spread comes before zone tier because a spread group exists so that one node loss does not take
 * every camera of a place at once, and the operator has already said the overlap zones are
 * acceptable; zone tier is a preference among acceptable places.
 *
 * <p>Cost: the nodes of each pool are kept ordered by score ({@link NodePool}), so a placement
 * walks from the front of one pool per zone of the tier and usually stops at the first node. A
 * stream that fits nowhere costs a walk over its pools; the next stream with the same demand skips
 * it (free capacity only shrinks during a round, unless something is evicted).
 */
final class PlacementRound {
  private final ClusterLoad load;
  private final NodePools pools;
  private final SpreadIndex spread;
  private final PreemptionSearch preemption;
  private final boolean stopAtFirstUnplaceable;
  private final List<Plan.Placement> placements = new ArrayList<>();
  private final List<Plan.Eviction> evictions = new ArrayList<>();
  private final SortedMap<String, String> unplaceable = new TreeMap<>();
  /** Demands already known to fit nowhere; cleared when an eviction frees room. */
  private final Set<Demand> fitsNowhere = new HashSet<>();
  /** Demands for which no preemption worked; later streams have no higher priority, so none will. */
  private final Set<Demand> preemptionFailed = new HashSet<>();

  private PlacementRound(ClusterLoad load, boolean stopAtFirstUnplaceable) {
    this.load = load;
    this.pools = new NodePools(load);
    this.spread = SpreadIndex.forGroupsOf(load.pending(), load);
    this.preemption = new PreemptionSearch(load, spread);
    this.stopAtFirstUnplaceable = stopAtFirstUnplaceable;
  }

  /**
   * @param stopAtFirstUnplaceable return as soon as one stream fits nowhere (the capacity planner
   *     only needs to know whether everything fits)
   */
  static Plan plan(ClusterSnapshot snapshot, Weights weights, boolean stopAtFirstUnplaceable) {
    ClusterLoad load = ClusterLoad.of(snapshot, weights);
    if (load.pending().isEmpty()) {
      return Plan.empty();
    }
    return new PlacementRound(load, stopAtFirstUnplaceable).run();
  }

  private Plan run() {
    for (StreamSlot stream : load.pending()) {
      if (!place(stream) && stopAtFirstUnplaceable) {
        break;
      }
    }
    return new Plan(placements, evictions, unplaceable);
  }

  private boolean place(StreamSlot stream) {
    NodePools.Reach reach = pools.reach(stream);
    boolean knownToFitNowhere = !fitsNowhere.isEmpty() && fitsNowhere.contains(Demand.of(stream));
    NodeLoad target = knownToFitNowhere ? null : choose(stream, reach);
    if (target == null) {
      Demand demand = Demand.of(stream);
      fitsNowhere.add(demand);
      target = preemptFor(stream, reach, demand);
    }
    if (target == null) {
      unplaceable.put(stream.id(), UnplaceableReason.explain(stream, load));
      return false;
    }
    target.reserve(stream.request());
    spread.add(stream.spreadGroup(), target);
    placements.add(new Plan.Placement(stream.id(), target.id()));
    return true;
  }

  private NodeLoad choose(StreamSlot stream, NodePools.Reach reach) {
    String group = stream.spreadGroup();
    if (group == null) {
      return leastLoadedInFirstTier(stream.request(), reach, node -> false);
    }
    NodeLoad apart = leastLoadedInFirstTier(stream.request(), reach, node -> spread.has(group, node));
    return apart != null ? apart : sharedWithFewestMembers(stream);
  }

  private static NodeLoad leastLoadedInFirstTier(Resources request, NodePools.Reach reach,
      Predicate<NodeLoad> skip) {
    for (List<NodePool> tier : reach.tiers()) {
      NodeLoad best = null;
      for (NodePool pool : tier) {
        NodeLoad candidate = pool.leastLoadedFitting(request, skip);
        if (candidate != null && (best == null || NodeLoad.LEAST_LOADED_FIRST.compare(candidate, best) < 0)) {
          best = candidate;
        }
      }
      if (best != null) {
        return best;
      }
    }
    return null;
  }

  /**
   * Every node the stream fits on already holds a member of its group, so the candidates are
   * exactly the nodes holding members: a handful, not the cluster.
   */
  private NodeLoad sharedWithFewestMembers(StreamSlot stream) {
    Comparator<NodeLoad> preferred = Comparator.comparingInt((NodeLoad n) -> spread.count(stream.spreadGroup(), n))
        .thenComparingInt(n -> HardConstraints.zoneTier(stream, n.node().zone()))
        .thenComparing(NodeLoad.LEAST_LOADED_FIRST);
    NodeLoad best = null;
    for (NodeLoad node : spread.nodesOf(stream.spreadGroup())) {
      if (HardConstraints.admits(node.node(), stream) && node.fits(stream.request())
          && (best == null || preferred.compare(node, best) < 0)) {
        best = node;
      }
    }
    return best;
  }

  private NodeLoad preemptFor(StreamSlot stream, NodePools.Reach reach, Demand demand) {
    if (preemptionFailed.contains(demand)) {
      return null;
    }
    PreemptionSearch.Choice choice = preemption.find(stream, reach);
    if (choice == null) {
      preemptionFailed.add(demand);
      return null;
    }
    NodeLoad node = choice.node();
    for (StreamSlot victim : choice.victims()) {
      node.release(victim.request());
      spread.remove(victim.spreadGroup(), node);
      load.running(node).remove(victim);
      evictions.add(new Plan.Eviction(victim.id(), node.id(), stream.id(),
          "preempted by " + stream.id() + " (priority " + stream.priority() + " > " + victim.priority() + ")"));
    }
    fitsNowhere.clear();
    preemptionFailed.clear();
    return node;
  }

  /** What decides whether a stream fits anywhere (its spread group never does). */
  private record Demand(Resources request, String zone, SortedSet<String> overlapZones,
      SortedMap<String, String> nodeSelector) {
    static Demand of(StreamSlot s) {
      return new Demand(s.request(), s.zone(), s.overlapZones(), s.nodeSelector());
    }
  }
}
