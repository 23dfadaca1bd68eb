package io.streamfleet.server.api;

import io.streamfleet.scheduler.RebalancePlan;

/** Runs one bounded rebalancing round (on the leader's placement thread) and returns its plan. */
@FunctionalInterface
public interface Rebalancer {
  RebalancePlan rebalance(int maxMoves, boolean dryRun, String actor);
}
