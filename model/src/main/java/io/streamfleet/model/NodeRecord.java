package io.streamfleet.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.SortedMap;

/**
 * A node as registered by its agent and held in the replicated state. Measured usage and
 * heartbeat times are not here: they change every second and live in the leader's memory.
 *
 * @param incarnation the agent session that registered it; a restarted agent gets a new one
 * @param stateReason why the node is in its state (suspect, down), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeRecord(
    String id,
    String zone,
    SortedMap<String, String> labels,
    String nodeClass,
    Resources capacity,
    NodeState state,
    long incarnation,
    long registeredMs,
    long stateSinceMs,
    String stateReason) {

  public NodeRecord {
    labels = Maps.sortedCopy(labels);
  }

  public NodeRecord withState(NodeState newState, String reason, long atMs) {
    return new NodeRecord(id, zone, labels, nodeClass, capacity, newState, incarnation, registeredMs, atMs, reason);
  }
}
