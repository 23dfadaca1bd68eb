package io.streamfleet.simulation;

import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.PlaceStreams;
import io.streamfleet.server.failover.ExclusiveLeases;
import io.streamfleet.server.placement.PlacementPlanner;
import io.streamfleet.server.state.ClusterState;

/**
 * Placement rounds as {@code PlacementController} runs them: requests coalesce into one round;
 * a round places the pending streams with the real planner, leaving out exclusive streams whose
 * old lease may still run ({@link ExclusiveLeases#mayPlace}) and asking for another round when the
 * first of them may go. Measured usage is unknown to the simulation ({@code null}, as before a
 * node's first heartbeat); automatic rebalancing is not simulated.
 */
final class LeaderPlacement {
  private final SimulatedLeader leader;
  private final EventLoop loop;
  private final CommittedState committed;
  private final PlacementPlanner planner;
  private final ExclusiveLeases leases;
  private boolean requested;

  LeaderPlacement(SimulatedLeader leader, EventLoop loop, CommittedState committed, PlacementPlanner planner, ExclusiveLeases leases) {
    this.leader = leader;
    this.loop = loop;
    this.committed = committed;
    this.planner = planner;
    this.leases = leases;
  }

  void request() {
    if (!requested) {
      requested = true;
      loop.at(loop.now(), "placement round", "leader", this::round);
    }
  }

  private void round() {
    requested = false;
    if (!leader.leading()) {
      return;
    }
    long now = loop.now();
    long[] nextFree = {Long.MAX_VALUE};
    ClusterState s = committed.read();
    PlaceStreams plan = planner.placePending(s, id -> null, id -> waitsForLease(s, id, now, nextFree),
        new CommandMeta(now, "scheduler", "leader"));
    if (nextFree[0] != Long.MAX_VALUE) {
      loop.after(Math.max(1, nextFree[0] - now), "placement retry", "leader", this::request);
    }
    if (plan != null) {
      committed.submit(plan);
    }
  }

  private boolean waitsForLease(ClusterState s, String streamId, long now, long[] nextFree) {
    if (!leases.waiting(s, streamId, now)) {
      return false;
    }
    nextFree[0] = Math.min(nextFree[0], leases.freeAtMs(streamId));
    return true;
  }
}
