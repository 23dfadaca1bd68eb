package io.streamfleet.simulation;

import io.streamfleet.protocol.v1.AgentMessage;
import io.streamfleet.protocol.v1.ServerMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The wire between the leader and the agents. Every message takes 1–20 ms, plus the link's extra
 * delay while its node is slow, and arrives in the order it was sent on its connection, as on TCP.
 *
 * <p>Two kinds of partition, both silent (no end hears a close, so the leader must notice the
 * missing heartbeats):
 * <ul>
 *   <li>{@link Cut#HOLD}: TCP keeps the connection and retransmits; every message sent meanwhile
 *       (and every one in flight) arrives in order after the heal. Nothing is lost.
 *   <li>{@link Cut#DROP}: messages are lost both ways; since TCP never loses data on a live
 *       connection, the connection is reset at both ends when the partition heals.
 * </ul>
 *
 * <p>A message that reaches an end which has already closed is answered with a reset, so the
 * other end learns the session is gone (as a TCP RST does).
 */
final class Network {
  /** How a partitioned link treats messages. */
  enum Cut { HOLD, DROP }

  /** Which way a partition cuts: both, or only messages to the leader, or only those to the agent. */
  enum Direction { BOTH, TO_LEADER, TO_AGENT }

  /** The notice that the other end closed (FIN) or reset (RST) the connection. */
  record Closed(String why) {}

  private record Packet(long seq, Connection connection, boolean toLeader, Object payload) {}

  private static final class Link {
    Cut cut;
    Direction direction = Direction.BOTH;
    long extraDelayMs;
    final List<Packet> held = new ArrayList<>();
    final List<Connection> connections = new ArrayList<>();
  }

  private static final long MIN_DELAY_MS = 1;
  private static final long MAX_DELAY_MS = 20;

  private final EventLoop loop;
  private final Random random;
  private final Trace trace;
  private final Map<String, Link> links = new HashMap<>();
  private long nextConnectionId = 1;
  private long nextPacketSeq;

  Network(EventLoop loop, Random random, Trace trace) {
    this.loop = loop;
    this.random = random;
    this.trace = trace;
  }

  private Link link(String node) {
    return links.computeIfAbsent(node, n -> new Link());
  }

  /** Whether a new connection from {@code node} can be made now (not while it is partitioned). */
  boolean reachable(String node) {
    return link(node).cut == null;
  }

  Connection open(SimulatedAgent agent, SimulatedServer server) {
    Connection c = new Connection(nextConnectionId++, agent, server);
    Link l = link(agent.nodeId());
    l.connections.removeIf(old -> !old.openAtAgent() && !old.openAtLeader());
    l.connections.add(c);
    return c;
  }

  void toLeader(Connection c, AgentMessage m) {
    send(new Packet(nextPacketSeq++, c, true, m));
  }

  void toAgent(Connection c, ServerMessage m) {
    send(new Packet(nextPacketSeq++, c, false, m));
  }

  /** The agent's end closed (the process exited, or it gave up the session). */
  void closedByAgent(Connection c, String why) {
    if (c.closeAtAgent() && c.openAtLeader()) {
      send(new Packet(nextPacketSeq++, c, true, new Closed(why)));
    }
  }

  /** The leader's end closed. */
  void closedByLeader(Connection c, String why) {
    if (c.closeAtLeader() && c.openAtAgent()) {
      send(new Packet(nextPacketSeq++, c, false, new Closed(why)));
    }
  }

  /** Whether {@code p} is cut off now. */
  private static boolean cuts(Link l, Packet p) {
    return l.cut != null && (l.direction == Direction.BOTH || (l.direction == Direction.TO_LEADER) == p.toLeader);
  }

  private void send(Packet p) {
    Link l = link(p.connection.node());
    if (cuts(l, p) && l.cut == Cut.DROP) {
      return;
    }
    if (cuts(l, p)) {
      l.held.add(p);
      return;
    }
    schedule(p, l);
  }

  private void schedule(Packet p, Link l) {
    Connection c = p.connection;
    long arrival = loop.now() + MIN_DELAY_MS + random.nextLong(MAX_DELAY_MS - MIN_DELAY_MS + 1) + l.extraDelayMs;
    if (p.toLeader) {
      arrival = Math.max(arrival, c.lastArrivalAtLeader);
      c.lastArrivalAtLeader = arrival;
    } else {
      arrival = Math.max(arrival, c.lastArrivalAtAgent);
      c.lastArrivalAtAgent = arrival;
    }
    loop.at(arrival, p.toLeader ? "arrives at leader" : "arrives at agent", c.node(), () -> arrive(p));
  }

  private void arrive(Packet p) {
    Link l = link(p.connection.node());
    if (cuts(l, p) && l.cut == Cut.DROP) {
      return;
    }
    if (cuts(l, p)) {
      l.held.add(p);
      return;
    }
    Connection c = p.connection;
    boolean open = p.toLeader ? c.openAtLeader() : c.openAtAgent();
    if (!open) {
      if (!(p.payload instanceof Closed)) {
        reset(c, !p.toLeader);
      }
      return;
    }
    if (p.toLeader) {
      c.deliverToServer(p.payload);
    } else {
      c.agent.receive(c, p.payload);
    }
  }

  /** The closed end answers with a reset that travels back to the other end. */
  private void reset(Connection c, boolean toLeader) {
    if (toLeader ? c.openAtLeader() : c.openAtAgent()) {
      send(new Packet(nextPacketSeq++, c, toLeader, new Closed("connection reset by peer")));
    }
  }

  /** Cuts {@code node} off from the leader. */
  void partition(String node, Cut cut) {
    partition(node, cut, Direction.BOTH);
  }

  /** Cuts the link of {@code node} one way or both. */
  void partition(String node, Cut cut, Direction direction) {
    Link l = link(node);
    l.cut = cut;
    l.direction = direction;
    trace.note(loop.now(), "partition " + node + " (" + cut + ", " + direction + ")");
  }

  /** Ends the partition of {@code node}: held messages go out in their order, dropped connections are reset. */
  void heal(String node) {
    Link l = link(node);
    Cut was = l.cut;
    l.cut = null;
    l.direction = Direction.BOTH;
    if (was == Cut.HOLD) {
      List<Packet> held = new ArrayList<>(l.held);
      l.held.clear();
      held.sort(Comparator.comparingLong(Packet::seq));
      held.forEach(p -> schedule(p, l));
    } else if (was == Cut.DROP) {
      for (Connection c : List.copyOf(l.connections)) {
        reset(c, true);
        reset(c, false);
      }
    }
    trace.note(loop.now(), "heal " + node);
  }

  /** Adds {@code extraMs} to every message of {@code node} from now on (0: back to normal). */
  void slow(String node, long extraMs) {
    link(node).extraDelayMs = extraMs;
  }
}
