package io.streamfleet.simulation;

import io.streamfleet.model.NodeState;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.NodeDown;
import io.streamfleet.model.command.NodeHealth;
import io.streamfleet.server.failover.ExclusiveLeases;
import io.streamfleet.server.failover.FailureDetector;
import io.streamfleet.server.placement.PlacementPlanner;
import io.streamfleet.server.state.ClusterState;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;

/**
 * The detector's verdicts turned into commands, as {@code FailoverController} does: suspect and
 * ready become {@code node.health}; down releases the node's exclusive streams in
 * {@link ExclusiveLeases} at its last sign of life, plans the planner's {@code node.down} (which
 * re-places its other streams), submits it, then requests a push and ends the node's session.
 *
 * <p>Verdicts are handled one at a time and in order, like the controller's single worker. Unlike
 * the rest of the simulated leader, this worker's commits take time ({@value #MIN_COMMIT_MS}–{@value
 * #MAX_COMMIT_MS} ms, a Raft round trip): the detector forgets a node the moment it declares it
 * down, but its session stays open, and its heartbeats acknowledged, until the commit is done.
 */
final class LeaderFailover implements FailureDetector.Verdicts {
  static final long MIN_COMMIT_MS = 1;
  static final long MAX_COMMIT_MS = 20;

  private final SimulatedLeader leader;
  private final EventLoop loop;
  private final CommittedState committed;
  private final PlacementPlanner planner;
  private final ExclusiveLeases leases;
  private final Random random;
  /** Nodes (id/incarnation) declared down whose node.down is not yet committed (checker bookkeeping). */
  private final Set<String> declaring = new HashSet<>();
  /** When the worker has worked through every verdict so far. */
  private long idleAtMs;
  private long downs;

  LeaderFailover(SimulatedLeader leader, EventLoop loop, CommittedState committed, PlacementPlanner planner, ExclusiveLeases leases,
      Random random) {
    this.leader = leader;
    this.loop = loop;
    this.committed = committed;
    this.planner = planner;
    this.leases = leases;
    this.random = random;
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
    long start = startNext();
    NodeHealth command = new NodeHealth(new CommandMeta(start, "failure-detector", "leader"), nodeId, incarnation, state, reason);
    loop.at(start + commitTime(start), "verdict " + state.wireName() + " committed", nodeId, () -> {
      if (leader.leading()) {
        committed.submit(command);
      }
    });
  }

  @Override
  public void down(String nodeId, long incarnation, String reason, long lastHeardMs) {
    long start = startNext();
    NodeDown[] planned = {null};
    declaring.add(nodeId + "/" + incarnation);
    loop.at(start, "verdict down", nodeId, () -> {
      if (leader.leading()) {
        ClusterState s = committed.read();
        leases.releaseStreamsOf(s, nodeId, lastHeardMs);
        planned[0] = planner.nodeDown(s, nodeId, incarnation, reason, id -> null, leader.meta("failure-detector", "leader"));
      }
    });
    loop.at(start + commitTime(start), "node.down committed", nodeId, () -> {
      declaring.remove(nodeId + "/" + incarnation);
      if (planned[0] == null || !leader.leading()) {
        return;
      }
      CommandResult result = committed.submit(planned[0]);
      if (!result.isOk()) {
        return; // the server's submit throws on a rejection: no push, no close
      }
      downs++;
      leader.requestPush();
      leader.closeSession(nodeId, incarnation);
    });
  }

  /** Whether the detector has declared the node down and the node.down is not committed yet. */
  boolean declaringDown(String nodeId, long incarnation) {
    return declaring.contains(nodeId + "/" + incarnation);
  }

  /** When the worker gets to a verdict given now: after everything before it. */
  private long startNext() {
    return Math.max(loop.now(), idleAtMs);
  }

  /** Draws how long the commit of a verdict started at {@code start} takes, and books the worker until then. */
  private long commitTime(long start) {
    long took = MIN_COMMIT_MS + random.nextLong(MAX_COMMIT_MS - MIN_COMMIT_MS + 1);
    idleAtMs = start + took;
    return took;
  }
}
