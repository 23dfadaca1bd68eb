package io.streamfleet.model.api;

import java.util.List;

/**
 * {@code POST /rebalance}: the moves of one bounded rebalancing round (proposed unless
 * {@code dry_run}), and the imbalance (coefficient of variation of allocated CPU across ready
 * nodes) before and after them.
 */
public record RebalanceView(boolean dryRun, int maxMoves, List<MoveView> moves, double imbalanceBefore, double imbalanceAfter) {
  public record MoveView(String stream, String from, String to) {}
}
