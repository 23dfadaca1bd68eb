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
 * One planning round: places the pending streams of a snapshot, one at a time, in {@link
 * PlacementOrder} (highest priority first, then, in a full placement, largest first, then by id),
 * and in a full placement lets {@link PlacementRefinement} even out what it placed.
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
 * <p>Full placement and incremental rounds. A round is a full placement when it places at least
 * as many streams as already run: their arrangement then decides how even the cluster is, so they
 * go largest first and the refinement evens them out. Otherwise the round is incremental (a node
 * loss, a few new or evicted streams): it adds a few streams to a cluster that stays as it is, so
 * it places them greedily in priority and id order, the cheapest and most predictable choice,
 * and costs little more than reading the snapshot.
 *
 * <p>The refinement runs only when the round was also uncontested: every stream got a node of
 * its first tier that held no member of its group, and nothing was evicted or left unplaced. Then
 * every choice above was made on balance alone, and moving the round's streams between nodes of
 * the same pool keeps steps 1 to 3 true of the result. In a contested round room is short, and
 * where the free room lies decides what fits where (a stream sent to an overlap zone, an
 * eviction), so the greedy result stands.
 *
 * <p>Cost: each pending stream is read once, in snapshot order ({@link PendingStream}), and
 * sorted into placement order. The nodes of each pool are ranked by score ({@link NodePool}), so
 * a placement looks at the front of one pool per zone of the tier and usually stops at the first
 * node. A stream that fits nowhere costs a walk over its pools; the next stream with the same
 * demand skips it (free capacity only shrinks during a round, unless something is evicted). The
 * refinement is bounded by a few tries per stream placed.
 */
final class PlacementRound {
  private final ClusterLoad load;
  private final NodePools pools;
  private final SpreadIndex spread;
  private final PreemptionSearch preemption;
  private final boolean stopAtFirstUnplaceable;
  /** The pending streams in placement order. */
  private final List<PendingStream> queue;
  /** The streams placed so far, in placement order; the refinement may still change their nodes. */
  private final List<PendingStream> placed;
  private final List<Plan.Eviction> evictions = new ArrayList<>();
  private final SortedMap<String, String> unplaceable = new TreeMap<>();
  /** Demands already known to fit nowhere; cleared when an eviction frees room. */
  private final Set<Demand> fitsNowhere = new HashSet<>();
  /** Demands for which no preemption worked; later streams have no higher priority, so none will. */
  private final Set<Demand> preemptionFailed = new HashSet<>();
  /** Whether the round places at least as many streams as already run (see the design note). */
  private final boolean fullPlacement;
  /** Whether every stream so far got a first-tier node apart from its group (see the design note). */
  private boolean uncontested = true;

  private PlacementRound(ClusterLoad load, boolean stopAtFirstUnplaceable) {
    this.load = load;
    this.pools = new NodePools(load);
    this.spread = SpreadIndex.tracking(load);
    // each pending stream is read once, here, in snapshot order (see PendingStream)
    List<PendingStream> pending = new ArrayList<>(load.pending().size());
    for (StreamSlot stream : load.pending()) {
      pending.add(new PendingStream(stream, pools.reach(stream), spread.track(stream.spreadGroup())));
    }
    spread.trackingDone();
    this.fullPlacement = load.pending().size() >= load.runningCount();
    this.queue = PlacementOrder.sorted(pending, fullPlacement);
    this.preemption = new PreemptionSearch(load, spread);
    this.stopAtFirstUnplaceable = stopAtFirstUnplaceable;
    this.placed = new ArrayList<>(queue.size());
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
    for (PendingStream stream : queue) {
      if (!place(stream) && stopAtFirstUnplaceable) {
        break;
      }
    }
    if (fullPlacement && uncontested) {
      PlacementRefinement.refine(placed, load.all().size());
    }
    List<Plan.Placement> placements = new ArrayList<>(placed.size());
    for (PendingStream p : placed) {
      placements.add(p.toPlan());
    }
    return new Plan(placements, evictions, unplaceable);
  }

  private boolean place(PendingStream pending) {
    StreamSlot stream = pending.stream();
    SpreadIndex.Members group = pending.group();
    boolean knownToFitNowhere = !fitsNowhere.isEmpty() && fitsNowhere.contains(Demand.of(stream));
    Choice choice = knownToFitNowhere ? null : choose(pending);
    if (choice == null) {
      uncontested = false;
      Demand demand = Demand.of(stream);
      fitsNowhere.add(demand);
      NodeLoad evictedOn = preemptFor(stream, pending.reach(), demand);
      choice = evictedOn == null ? null : new Choice(evictedOn, null);
    }
    if (choice == null) {
      unplaceable.put(stream.id(), UnplaceableReason.explain(stream, load));
      return false;
    }
    if (choice.pool() == null) {
      uncontested = false;
    }
    choice.node().reserve(pending.request());
    if (group != null) {
      group.add(choice.node());
    }
    pending.placedOn(choice.node(), choice.pool());
    placed.add(pending);
    return true;
  }

  /** The node for the stream, with its pool when it is a first-tier node apart from the group; null when none has room. */
  private Choice choose(PendingStream pending) {
    SpreadIndex.Members group = pending.group();
    if (group == null) {
      return leastLoadedInFirstTier(pending.request(), pending.reach(), node -> false);
    }
    Choice apart = leastLoadedInFirstTier(pending.request(), pending.reach(), group::has);
    if (apart != null) {
      return apart;
    }
    NodeLoad shared = sharedWithFewestMembers(pending.stream());
    return shared == null ? null : new Choice(shared, null);
  }

  /** The least loaded fitting node of the first tier that has one; its pool only when that tier is the first. */
  private static Choice leastLoadedInFirstTier(Resources request, NodePools.Reach reach, Predicate<NodeLoad> skip) {
    for (int tier = 0; tier < reach.tierCount(); tier++) {
      NodeLoad best = null;
      NodePool bestPool = null;
      for (NodePool pool : reach.tier(tier)) {
        NodeLoad candidate = pool.leastLoadedFitting(request, skip);
        if (candidate != null && (best == null || NodeLoad.LEAST_LOADED_FIRST.compare(candidate, best) < 0)) {
          best = candidate;
          bestPool = pool;
        }
      }
      if (best != null) {
        return new Choice(best, tier == 0 ? bestPool : null);
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

  /**
   * Where a stream goes.
   *
   * @param pool the pool the node came from when the refinement may move the stream within it
   *     (a first-tier node apart from the stream's group), else null
   */
  private record Choice(NodeLoad node, NodePool pool) {}

  /** What decides whether a stream fits anywhere (its spread group never does). */
  private record Demand(Resources request, String zone, SortedSet<String> overlapZones,
      SortedMap<String, String> nodeSelector) {
    static Demand of(StreamSlot s) {
      return new Demand(s.request(), s.zone(), s.overlapZones(), s.nodeSelector());
    }
  }
}
