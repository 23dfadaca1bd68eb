package io.streamfleet.simulation;

import io.grpc.stub.StreamObserver;
import io.streamfleet.protocol.v1.AgentMessage;

/**
 * One agent session: a gRPC stream between one agent incarnation and one server. Each end closes
 * on its own; the other end learns of it only when the close (or a reset) arrives over the
 * network. The server's end is the production {@code AgentConnection}.
 */
final class Connection {
  final long id;
  final SimulatedAgent agent;
  final SimulatedServer server;
  /** The server's end, as gRPC would hand it the agent's messages. */
  final StreamObserver<AgentMessage> serverEnd;
  private boolean openAtAgent = true;
  private boolean openAtLeader = true;
  /** Arrival time of the last message each way: TCP delivers in order. */
  long lastArrivalAtLeader;
  long lastArrivalAtAgent;

  Connection(long id, SimulatedAgent agent, SimulatedServer server) {
    this.id = id;
    this.agent = agent;
    this.server = server;
    this.serverEnd = server.accept(this);
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

  /** The network hands the server's end a message or the news that the agent's end closed. */
  void deliverToServer(Object payload) {
    if (payload instanceof Network.Closed closed) {
      closeAtLeader();
      serverEnd.onError(new IllegalStateException(closed.why()));
    } else {
      serverEnd.onNext((AgentMessage) payload);
    }
  }

  @Override
  public String toString() {
    return "connection " + id + " of " + node() + "/" + agent.incarnation() + " to " + server.id();
  }
}
