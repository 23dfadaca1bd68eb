package io.streamfleet.server.leader;

import io.streamfleet.protocol.v1.DesiredAssignments;
import java.util.Collection;

/** The agent sessions connected to this server, as the leader's controllers reach them. */
public interface AgentSessions {
  /** Nodes with a current session, in a stable order. */
  Collection<String> connectedNodes();

  /**
   * Sends {@code nodeId} its desired set if its instances differ from what the session last
   * received, or if that set is older than {@code neededIndex} (see {@link StopConfirmations}).
   */
  void pushDesired(String nodeId, DesiredAssignments desired, long neededIndex);

  /** Ends the node's session at {@code incarnation}, if it is still the current one. */
  void close(String nodeId, long incarnation, String reason);

  /** Ends every session (this server stopped leading: agents must find the new leader). */
  void closeAll(String reason);
}
