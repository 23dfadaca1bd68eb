package io.streamfleet.scheduler;

import io.streamfleet.model.Resources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Bounded rebalancing: a few moves from the most loaded nodes to the least loaded, each of which
 * lowers the imbalance ({@link Scheduler#imbalance}), and none when the cluster is within the
 * hysteresis band.
 *
 * <p>Design note. Moves are chosen greedily, one at a time: take the most loaded ready node as the
 * source and the least loaded node as the target; of the source's streams that may legally run on
 * the target, take the one that lowers the imbalance most. When that pair has no such stream, try
 * the next target, then the next source. Targets are walked zone by zone (the zone with the least
 * loaded node first), because streams mostly may not leave their zone: a global "least loaded"
 * list can be all in zones the source's streams cannot use. At most {@link #SOURCES_TRIED} sources
 * and {@link #TARGETS_TRIED_PER_ZONE} targets per zone are tried per move, so a cluster whose
 * constraints allow nothing stops quickly. Stop at {@code maxMoves}, when the imbalance is inside
 * the band, or when no pair gives a move.
 *
 * <p>A move must meet every hard constraint on the target (ready, zone reachable, labels,
 * accelerator, free capacity), must not put a stream next to a member of its spread group, and
 * must not take a stream out of its own zone into an overlap zone: rebalancing trades evenness
 * only for nothing the placement rules care about more.
 */
final class Rebalancer {
  static final int SOURCES_TRIED = 16;
  static final int TARGETS_TRIED_PER_ZONE = 8;
  /** A move must lower the CV by more than this, so float noise never counts as progress. */
  private static final double MIN_GAIN = 1e-12;

  private static final Comparator<NodeLoad> LEAST_CPU_FRACTION_FIRST =
      Comparator.comparingDouble(NodeLoad::cpuFraction).thenComparing(NodeLoad::id);

  private final ClusterLoad load;
  private final List<NodeLoad> balanced;
  private final SpreadIndex spread;
  private final ImbalanceMeter meter;
  /** Sources are taken from here, most loaded first. */
  private final TreeSet<NodeLoad> byLoad = new TreeSet<>(LEAST_CPU_FRACTION_FIRST);
  /** Targets are taken from here, zone by zone, least loaded first. */
  private final SortedMap<String, TreeSet<NodeLoad>> byZone = new TreeMap<>();

  private final java.util.function.Predicate<String> movable;

  private Rebalancer(ClusterLoad load, java.util.function.Predicate<String> movable) {
    this.load = load;
    this.movable = movable;
    this.balanced = ImbalanceMeter.measuredNodes(load);
    this.spread = SpreadIndex.ofAllPlaced(load);
    this.meter = new ImbalanceMeter(balanced);
    balanced.forEach(n -> byZone.computeIfAbsent(n.zoneKey(), z -> new TreeSet<>(LEAST_CPU_FRACTION_FIRST)));
    balanced.forEach(this::rank);
  }

  static RebalancePlan rebalance(ClusterSnapshot snapshot, Weights weights, int maxMoves,
      java.util.function.Predicate<String> movable) {
    Rebalancer rebalancer = new Rebalancer(ClusterLoad.of(snapshot, weights), movable);
    return rebalancer.run(weights.rebalanceHysteresis(), maxMoves);
  }

  private RebalancePlan run(double hysteresis, int maxMoves) {
    double before = meter.cv();
    List<Move> moves = new ArrayList<>();
    while (moves.size() < maxMoves && meter.cv() > hysteresis) {
      Move move = bestMove();
      if (move == null) {
        break;
      }
      moves.add(move);
    }
    // Re-measured from scratch, summed in node order, exactly as imbalance() measures the result.
    double after = new ImbalanceMeter(balanced).cv();
    if (after > before) {
      // Cannot happen unless running sums drift; moving nothing is then the safe answer.
      return new RebalancePlan(List.of(), before, before);
    }
    return new RebalancePlan(moves, before, after);
  }

  private Move bestMove() {
    double current = meter.cv();
    List<TreeSet<NodeLoad>> zonesLeastLoadedFirst = zonesByLeastLoadedNode();
    Iterator<NodeLoad> sources = byLoad.descendingIterator();
    for (int s = 0; s < SOURCES_TRIED && sources.hasNext(); s++) {
      NodeLoad source = sources.next();
      for (TreeSet<NodeLoad> zone : zonesLeastLoadedFirst) {
        Iterator<NodeLoad> targets = zone.iterator();
        for (int t = 0; t < TARGETS_TRIED_PER_ZONE && targets.hasNext(); t++) {
          NodeLoad target = targets.next();
          if (target.cpuFraction() >= source.cpuFraction()) {
            break;
          }
          StreamSlot stream = bestStreamToMove(source, target, current);
          if (stream != null) {
            apply(stream, source, target);
            return new Move(stream.id(), source.id(), target.id());
          }
        }
      }
    }
    return null;
  }

  /** Zones whose least loaded node is least loaded come first; equal ones by zone. */
  private List<TreeSet<NodeLoad>> zonesByLeastLoadedNode() {
    List<TreeSet<NodeLoad>> zones = new ArrayList<>();
    for (TreeSet<NodeLoad> zone : byZone.values()) {
      if (!zone.isEmpty()) {
        zones.add(zone);
      }
    }
    zones.sort(Comparator.comparing(TreeSet::first, LEAST_CPU_FRACTION_FIRST));
    return zones;
  }

  /** The stream whose move lowers the CV most (ties by id), or null when none lowers it. */
  private StreamSlot bestStreamToMove(NodeLoad source, NodeLoad target, double current) {
    StreamSlot best = null;
    double bestCv = current - MIN_GAIN;
    double sourceBefore = source.cpuFraction();
    double targetBefore = target.cpuFraction();
    int sourceCapacity = source.node().capacity().cpuMillis();
    int targetCapacity = target.node().capacity().cpuMillis();
    for (StreamSlot stream : load.running(source)) {
      int cpu = stream.request().cpuMillis();
      if (cpu <= 0 || !mayMove(stream, source, target)) {
        continue;
      }
      double cv = meter.cvAfter(sourceBefore, BalanceScore.fraction(source.cpu() - cpu, sourceCapacity),
          targetBefore, BalanceScore.fraction(target.cpu() + cpu, targetCapacity));
      if (cv < bestCv || (cv == bestCv && best != null && stream.id().compareTo(best.id()) < 0)) {
        best = stream;
        bestCv = cv;
      }
    }
    return best;
  }

  private boolean mayMove(StreamSlot stream, NodeLoad source, NodeLoad target) {
    int fromTier = HardConstraints.zoneTier(stream, source.node().zone());
    int toTier = HardConstraints.zoneTier(stream, target.node().zone());
    boolean keepsZonePreference = fromTier == HardConstraints.UNREACHABLE || toTier <= fromTier;
    return keepsZonePreference
        && movable.test(stream.id())
        && HardConstraints.admits(target.node(), stream)
        && target.fits(stream.request())
        && !spread.has(stream.spreadGroup(), target);
  }

  private void apply(StreamSlot stream, NodeLoad source, NodeLoad target) {
    Resources request = stream.request();
    double sourceBefore = source.cpuFraction();
    double targetBefore = target.cpuFraction();
    unrank(source);
    unrank(target);
    source.release(request);
    target.reserve(request);
    rank(source);
    rank(target);
    meter.record(sourceBefore, source.cpuFraction(), targetBefore, target.cpuFraction());
    spread.remove(stream.spreadGroup(), source);
    spread.add(stream.spreadGroup(), target);
    load.running(source).remove(stream);
    load.running(target).add(stream);
  }

  private void rank(NodeLoad node) {
    byLoad.add(node);
    byZone.get(node.zoneKey()).add(node);
  }

  private void unrank(NodeLoad node) {
    byLoad.remove(node);
    byZone.get(node.zoneKey()).remove(node);
  }
}
