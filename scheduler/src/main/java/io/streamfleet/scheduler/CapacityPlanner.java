package io.streamfleet.scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Capacity figures and what-ifs, computed with the scheduler on hypothetical snapshots.
 *
 * <p>Every "would it still fit?" question re-plans with the same {@link Scheduler} the server
 * uses, so the answer includes zones, labels, accelerators and bin packing, not just sums. It is
 * asked of the settled cluster (see {@link SettledPlacement}): the streams that can be placed
 * now, placed. A loss scenario removes nodes from it, which makes exactly their streams pending,
 * so each check is an incremental plan; a sum-of-free-capacity test answers the hopeless ones
 * without planning.
 */
public final class CapacityPlanner {
  /** Nodes by how much a loss of them hurts: most CPU, then most memory, then by id. */
  static final Comparator<NodeSlot> LARGEST_FIRST = Comparator
      .comparingInt((NodeSlot n) -> n.capacity().cpuMillis()).reversed()
      .thenComparing(Comparator.comparingInt((NodeSlot n) -> n.capacity().memoryMb()).reversed())
      .thenComparing(NodeSlot::id);

  private final Scheduler scheduler;

  public CapacityPlanner(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /**
   * Totals for the cluster and per zone as the snapshot stands, and how much loss the cluster
   * survives. {@code survivesNodeLoss} is found by binary search over k, which assumes that losing
   * more of the largest nodes never helps; with greedy placement that holds except in contrived
   * bin-packing corner cases, where the figure may be off by the size of the corner.
   */
  public CapacityReport report(ClusterSnapshot snapshot) {
    ClusterLoad now = ClusterLoad.of(snapshot, scheduler.weights());
    SettledPlacement settled = SettledPlacement.of(scheduler, snapshot.nodes(), snapshot.streams(), false);
    List<StreamSlot> placeable = new ArrayList<>(settled.streams().size());
    for (StreamSlot stream : settled.streams()) {
      if (!settled.unplaceable().containsKey(stream.id())) {
        placeable.add(stream);
      }
    }
    LossCheck loss = new LossCheck(snapshot.nodes(), placeable);
    SortedMap<String, Boolean> zoneLoss = new TreeMap<>();
    for (String zone : CapacityTotals.byZone(now).keySet()) {
      zoneLoss.put(zone, loss.survivesLosing(n -> zoneName(n).equals(zone)));
    }
    return new CapacityReport(CapacityTotals.ofCluster(now), CapacityTotals.byZone(now), survivesNodeLoss(loss, snapshot),
        zoneLoss, List.copyOf(settled.unplaceable().keySet()));
  }

  private static int survivesNodeLoss(LossCheck loss, ClusterSnapshot snapshot) {
    List<NodeSlot> largestFirst = new ArrayList<>(snapshot.nodes());
    largestFirst.sort(LARGEST_FIRST);
    int survives = 0;
    int fails = largestFirst.size() + 1; // losing more nodes than exist is not a question
    while (fails - survives > 1) {
      int k = (survives + fails) >>> 1;
      Set<String> lost = new HashSet<>();
      largestFirst.subList(0, k).forEach(n -> lost.add(n.id()));
      if (loss.survivesLosing(n -> lost.contains(n.id()))) {
        survives = k;
      } else {
        fails = k;
      }
    }
    return survives;
  }

  /**
   * What happens if {@code count} more streams like {@code like} are added: how many of them
   * place, and the report of the resulting cluster. The copies are named {@code like.id() +
   * "-whatif-" + i} for i = 1..count and start unplaced; one plan places them along with anything
   * else pending in the snapshot.
   */
  public WhatIf addStreams(ClusterSnapshot snapshot, StreamSlot like, int count) {
    List<StreamSlot> streams = new ArrayList<>(snapshot.streams());
    List<String> copies = new ArrayList<>(count);
    for (int i = 1; i <= count; i++) {
      String id = like.id() + "-whatif-" + i;
      copies.add(id);
      streams.add(new StreamSlot(id, like.request(), like.zone(), like.overlapZones(), like.nodeSelector(),
          like.priority(), like.spreadGroup(), null));
    }
    ClusterSnapshot withCopies = new ClusterSnapshot(snapshot.nodes(), streams);
    Plan plan = scheduler.plan(withCopies, 0L);
    Map<String, String> placed = plan.placementsByStream();
    int placeable = 0;
    String firstReason = null;
    for (String id : copies) {
      if (placed.containsKey(id)) {
        placeable++;
      } else if (firstReason == null) {
        firstReason = plan.unplaceable().get(id);
      }
    }
    ClusterSnapshot after = new ClusterSnapshot(snapshot.nodes(), SettledPlacement.applied(streams, plan));
    return new WhatIf(count, placeable, firstReason, report(after));
  }

  static String zoneName(NodeSlot node) {
    return node.zone() == null ? CapacityReport.NO_ZONE : node.zone();
  }

  /** @param reasonFirstUnplaced why the first stream that does not fit does not, or null */
  public record WhatIf(int requested, int placeable, String reasonFirstUnplaced, CapacityReport after) {}

  /** Whether the settled cluster still places every stream when some nodes are gone. */
  private final class LossCheck {
    private final List<NodeSlot> nodes;
    private final List<StreamSlot> placeable;
    private final ClusterLoad settled;

    LossCheck(List<NodeSlot> nodes, List<StreamSlot> placeable) {
      this.nodes = nodes;
      this.placeable = placeable;
      this.settled = ClusterLoad.of(new ClusterSnapshot(nodes, placeable), scheduler.weights());
    }

    boolean survivesLosing(Predicate<NodeSlot> lost) {
      List<NodeSlot> remaining = new ArrayList<>(nodes.size());
      for (NodeSlot n : nodes) {
        if (!lost.test(n)) {
          remaining.add(n);
        }
      }
      if (!enoughFreeCapacity(lost)) {
        return false;
      }
      SettledPlacement after = SettledPlacement.of(scheduler, remaining, placeable, true);
      return after.unplaceable().isEmpty();
    }

    /**
     * A necessary condition, checked in O(nodes) before planning: the lost nodes' reservations
     * must fit in the sum of what the remaining ready nodes have free, resource by resource.
     */
    private boolean enoughFreeCapacity(Predicate<NodeSlot> lost) {
      long[] displaced = new long[3];
      long[] free = new long[3];
      for (NodeLoad n : settled.all()) {
        if (lost.test(n.node())) {
          displaced[0] += n.cpu();
          displaced[1] += n.memory();
          displaced[2] += n.gpu();
        } else if (n.node().schedulable()) {
          free[0] += Math.max(0, n.freeCpu());
          free[1] += Math.max(0, n.freeMemory());
          free[2] += Math.max(0, n.freeGpu());
        }
      }
      return displaced[0] <= free[0] && displaced[1] <= free[1] && displaced[2] <= free[2];
    }
  }
}
