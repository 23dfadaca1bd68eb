package io.streamfleet.scheduler;

import java.util.List;

/**
 * A bounded set of moves that makes the cluster more even.
 *
 * @param imbalanceBefore the imbalance measure (see {@link Scheduler#imbalance}) before the moves
 * @param imbalanceAfter the same measure once the moves are done
 */
public record RebalancePlan(List<Move> moves, double imbalanceBefore, double imbalanceAfter) {
  public RebalancePlan {
    moves = List.copyOf(moves);
  }
}
