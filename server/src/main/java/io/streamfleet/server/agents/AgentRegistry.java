package io.streamfleet.server.agents;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The current session of every connected node; a newer session of a node replaces the older. */
final class AgentRegistry {
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

  /** Ends the session of {@code nodeId} at {@code incarnation}, if it is still the current one. */
  void closeSession(String nodeId, long incarnation, String reason) {
    AgentConnection c = sessions.get(nodeId);
    if (c != null && c.incarnation() == incarnation && sessions.remove(nodeId, c)) {
      c.end(reason);
    }
  }

  /** Ends every session (this server stopped leading: agents must find the new leader). */
  void closeAll(String reason) {
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
