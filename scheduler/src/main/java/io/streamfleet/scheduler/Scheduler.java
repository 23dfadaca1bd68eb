package io.streamfleet.scheduler;

/**
 * Placement and rebalancing: pure functions of a {@link ClusterSnapshot}. No I/O, no threads, no
 * clock of its own; the same input always gives the same plan.
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
   * their room. Cost grows with the streams to place, not with the size of the cluster.
   */
  public Plan plan(ClusterSnapshot snapshot, long nowMs) {
    throw new UnsupportedOperationException("being written");
  }

  /** At most {@code maxMoves} moves that lower the imbalance by more than the hysteresis band. */
  public RebalancePlan rebalance(ClusterSnapshot snapshot, int maxMoves) {
    throw new UnsupportedOperationException("being written");
  }

  /** Coefficient of variation of allocated CPU fraction across schedulable nodes. */
  public static double imbalance(ClusterSnapshot snapshot) {
    throw new UnsupportedOperationException("being written");
  }

  public Weights weights() {
    return weights;
  }
}
