package io.streamfleet.server.placement;

/**
 * When the leader rebalances on its own: every {@code everyMs}, if the imbalance (coefficient of
 * variation of allocated CPU across ready nodes) is above {@code threshold}, it makes at most
 * {@code maxMoves} moves. {@code maxMoves} 0 turns automatic rebalancing off.
 */
public record RebalancePolicy(double threshold, int maxMoves, long everyMs) {
  public static final RebalancePolicy DEFAULT = new RebalancePolicy(0.25, 4, 15_000);

  public RebalancePolicy {
    if (threshold < 0 || maxMoves < 0 || everyMs < 1000) {
      throw new IllegalArgumentException("rebalance threshold must be >= 0, max moves >= 0, interval >= 1 s");
    }
  }
}
