package io.streamfleet.server.agents;

import io.streamfleet.protocol.v1.DesiredAssignments;
import io.streamfleet.server.leader.AgentSessions;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The current session of every connected node; a newer session of a node replaces the older. The
 * leader's controllers reach the agents through it ({@link AgentSessions}).
 */
public final class AgentRegistry implements AgentSessions {
  private final Map<String, AgentConnection> sessions = new ConcurrentHashMap<>();

  void attach(AgentConnection c) {
    sessions.put(c.nodeId(), c);
  }

  /** Removes {@code c} if it is still the node's current session; returns whether it was. */
  boolean detach(AgentConnection c) {
    return sessions.remove(c.nodeId(), c);
  }

  /** Whether {@code c} is its node's current session (a newer agent incarnation replaces it). */
  boolean isCurrent(AgentConnection c) {
    return sessions.get(c.nodeId()) == c;
  }

  @Override
  public java.util.Collection<String> connectedNodes() {
    return new java.util.TreeSet<>(sessions.keySet());
  }

  @Override
  public void pushDesired(String nodeId, DesiredAssignments desired, long neededIndex) {
    AgentConnection c = sessions.get(nodeId);
    if (c != null && desired != null) {
      c.pushDesired(desired, neededIndex);
    }
  }

  @Override
  public void close(String nodeId, long incarnation, String reason) {
    AgentConnection c = sessions.get(nodeId);
    if (c != null && c.incarnation() == incarnation && sessions.remove(nodeId, c)) {
      c.end(reason);
    }
  }

  @Override
  public void closeAll(String reason) {
    for (AgentConnection c : sessions.values()) {
      if (sessions.remove(c.nodeId(), c)) {
        c.end(reason);
      }
    }
  }

  Collection<AgentConnection> all() {
    return sessions.values();
  }
}
