package io.streamfleet.simulation;

import io.streamfleet.protocol.v1.DesiredAssignments;
import java.util.HashSet;
import java.util.Set;

/**
 * One agent session: a gRPC stream between one agent incarnation and one leader. Each end closes
 * on its own; the other end learns of it only when the close (or a reset) arrives over the
 * network. The leader's per-session fields mirror {@code AgentConnection}'s.
 */
final class Connection {
  final long id;
  final SimulatedAgent agent;
  final SimulatedLeader leader;
  private boolean openAtAgent = true;
  private boolean openAtLeader = true;
  /** Arrival time of the last message each way: TCP delivers in order. */
  long lastArrivalAtLeader;
  long lastArrivalAtAgent;

  /** Set by the leader when the agent registers (null until then), as in {@code AgentConnection}. */
  String nodeId;
  long incarnation;
  DesiredAssignments lastSent;
  /**
   * Checker bookkeeping, invisible to the mirrored code: the heartbeats (by send time) the leader
   * acknowledged after its detector had declared the node down ({@link KnownGap#LEASE_RENEWED_AFTER_DOWN}).
   */
  final Set<Long> acksAfterDown = new HashSet<>();

  Connection(long id, SimulatedAgent agent, SimulatedLeader leader) {
    this.id = id;
    this.agent = agent;
    this.leader = leader;
  }

  String node() {
    return agent.nodeId();
  }

  boolean openAtAgent() {
    return openAtAgent;
  }

  boolean openAtLeader() {
    return openAtLeader;
  }

  /** Closes the agent's end; returns whether it was open. */
  boolean closeAtAgent() {
    boolean was = openAtAgent;
    openAtAgent = false;
    return was;
  }

  /** Closes the leader's end; returns whether it was open. */
  boolean closeAtLeader() {
    boolean was = openAtLeader;
    openAtLeader = false;
    return was;
  }

  @Override
  public String toString() {
    return "connection " + id + " of " + node() + "/" + agent.incarnation();
  }
}
