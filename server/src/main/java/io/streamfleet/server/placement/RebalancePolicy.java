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
      throw new IllegalArgumentException("invalid rebalancing settings (threshold " + threshold + ", max moves " + maxMoves
          + ", every " + everyMs + " ms): the threshold and max moves must be >= 0 and the interval at least 1000 ms");
    }
  }
}
