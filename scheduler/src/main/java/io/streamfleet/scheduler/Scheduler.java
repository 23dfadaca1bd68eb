package io.streamfleet.scheduler;

/**
 * Placement and rebalancing: pure functions of a {@link ClusterSnapshot}. No I/O, no threads, no
 * clock of its own; the same input always gives the same plan, whatever the order of the
 * snapshot's lists (nodes and streams are always visited sorted, ties broken by node id).
 *
 * <p>The rules (hard constraints, spread, zone tiers, balance scoring, preemption, the reasons
 * given for unplaceable streams) are described for operators in docs/scheduler.md; the design
 * notes are on {@link PlacementRound} and {@link Rebalancer}.
 */
public final class Scheduler {
  private final Weights weights;

  public Scheduler() {
    this(Weights.DEFAULT);
  }

  public Scheduler(Weights weights) {
    this.weights = weights;
  }

  /**
   * Places the streams that need placing (node null or not among the snapshot's nodes), highest
   * priority first; running streams stay where they are unless a higher-priority stream needs
   * their room. Cost grows with the streams to place, not with the size of the cluster: one pass
   * over the snapshot to count what is reserved where, then O(log nodes) per placement in the
   * usual case.
   *
   * @param nowMs the planning time; no rule depends on time yet, it is taken so that time-based
   *     rules can come without changing callers
   */
  public Plan plan(ClusterSnapshot snapshot, long nowMs) {
    return PlacementRound.plan(snapshot, weights, false);
  }

  /** The same plan, cut short at the first stream that fits nowhere (for capacity checks). */
  Plan planRound(ClusterSnapshot snapshot, boolean stopAtFirstUnplaceable) {
    return PlacementRound.plan(snapshot, weights, stopAtFirstUnplaceable);
  }

  /**
   * At most {@code maxMoves} moves, each of which lowers the imbalance; none when the imbalance is
   * within {@link Weights#rebalanceHysteresis()}. Moves go from the most loaded ready nodes to the
   * least loaded, keep every hard constraint, never put two members of a spread group together
   * and never move a stream out of its own zone.
   */
  public RebalancePlan rebalance(ClusterSnapshot snapshot, int maxMoves) {
    return rebalance(snapshot, maxMoves, streamId -> true);
  }

  /**
   * The same, moving only streams that {@code movable} accepts; the others still count towards
   * their node's load (the server pins streams that must never run twice this way).
   */
  public RebalancePlan rebalance(ClusterSnapshot snapshot, int maxMoves, java.util.function.Predicate<String> movable) {
    return Rebalancer.rebalance(snapshot, weights, Math.max(0, maxMoves), movable);
  }

  /**
   * Coefficient of variation (population standard deviation / mean) of the allocated-CPU fraction
   * (allocated cpu_millis / capacity cpu_millis) across schedulable nodes with CPU capacity. Memory
   * is not part of it. 0 for fewer than two such nodes or when nothing is allocated.
   */
  public static double imbalance(ClusterSnapshot snapshot) {
    return ImbalanceMeter.of(snapshot);
  }

  public Weights weights() {
    return weights;
  }
}
