package io.streamfleet.simulation;

import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.NodeDown;
import io.streamfleet.model.command.NodeHealth;
import io.streamfleet.server.failover.ExclusiveLeases;
import io.streamfleet.server.failover.FailureDetector;
import io.streamfleet.server.placement.PlacementPlanner;
import io.streamfleet.server.state.ClusterState;

/**
 * The detector's verdicts turned into commands, as {@code FailoverController} does: suspect and
 * ready become {@code node.health}; down releases the node's exclusive streams in
 * {@link ExclusiveLeases} at its last sign of life, applies the planner's {@code node.down} (which
 * re-places its other streams), then requests a push and ends the node's session. Each verdict is
 * handled as its own event, in order, like the controller's single worker thread.
 */
final class LeaderFailover implements FailureDetector.Verdicts {
  private final SimulatedLeader leader;
  private final EventLoop loop;
  private final CommittedState committed;
  private final PlacementPlanner planner;
  private final ExclusiveLeases leases;
  private long downs;

  LeaderFailover(SimulatedLeader leader, EventLoop loop, CommittedState committed, PlacementPlanner planner, ExclusiveLeases leases) {
    this.leader = leader;
    this.loop = loop;
    this.committed = committed;
    this.planner = planner;
    this.leases = leases;
  }

  long downs() {
    return downs;
  }

  @Override
  public void suspect(String nodeId, long incarnation, String reason) {
    health(nodeId, incarnation, NodeState.SUSPECT, reason);
  }

  @Override
  public void ready(String nodeId, long incarnation, String reason) {
    health(nodeId, incarnation, NodeState.READY, reason);
  }

  private void health(String nodeId, long incarnation, NodeState state, String reason) {
    run("verdict " + state.wireName(), nodeId,
        () -> committed.submit(new NodeHealth(leader.meta("failure-detector", "leader"), nodeId, incarnation, state, reason)));
  }

  @Override
  public void down(String nodeId, long incarnation, String reason, long lastHeardMs) {
    run("verdict down", nodeId, () -> {
      ClusterState s = committed.read();
      s.assignments().stream()
          .filter(a -> nodeId.equals(a.node()) && s.stream(a.streamId()).spec().handover() == HandoverPolicy.EXCLUSIVE)
          .forEach(a -> leases.released(a.streamId(), lastHeardMs));
      NodeDown command = planner.nodeDown(s, nodeId, incarnation, reason, id -> null, leader.meta("failure-detector", "leader"));
      CommandResult result = committed.submit(command);
      if (!result.isOk()) {
        return; // the server's submit throws on a rejection: no push, no close
      }
      downs++;
      leader.requestPush();
      leader.closeSession(nodeId, incarnation);
    });
  }

  /** FailoverController.run: in order, and only while this server leads. */
  private void run(String what, String nodeId, Runnable action) {
    loop.at(loop.now(), what, nodeId, () -> {
      if (leader.leading()) {
        action.run();
      }
    });
  }
}
