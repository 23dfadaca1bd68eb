package io.streamfleet.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.SortedMap;

/**
 * A node as registered by its agent and held in the replicated state. Measured usage and
 * heartbeat times are not here: they change every second and live in the leader's memory.
 *
 * @param incarnation the agent session that registered it; a restarted agent gets a new one
 * @param stateReason why the node is in its state (suspect, down), or null
 * @param cordoned an operator took the node out of scheduling (see {@link #effectiveState()})
 * @param exec which exec processors the node's agent runs (absent in records before it existed: none)
 * @param kind null for a Streamfleet agent, {@link #HTTP} for a worker that polls the FFmpeg farm
 *     seed's HTTP API for jobs (it runs no streams)
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
    String stateReason,
    boolean cordoned,
    ExecPolicy exec,
    String kind) {
  public static final String HTTP = "http";

  public NodeRecord {
    labels = Maps.sortedCopy(labels);
    exec = ExecPolicy.orDenied(exec);
  }

  public NodeRecord(String id, String zone, SortedMap<String, String> labels, String nodeClass, Resources capacity, NodeState state,
      long incarnation, long registeredMs, long stateSinceMs, String stateReason, boolean cordoned) {
    this(id, zone, labels, nodeClass, capacity, state, incarnation, registeredMs, stateSinceMs, stateReason, cordoned, ExecPolicy.DENIED, null);
  }

  public NodeRecord(String id, String zone, SortedMap<String, String> labels, String nodeClass, Resources capacity, NodeState state,
      long incarnation, long registeredMs, long stateSinceMs, String stateReason, boolean cordoned, ExecPolicy exec) {
    this(id, zone, labels, nodeClass, capacity, state, incarnation, registeredMs, stateSinceMs, stateReason, cordoned, exec, null);
  }

  /** A worker of the seed's HTTP API: it takes jobs, never streams. */
  @com.fasterxml.jackson.annotation.JsonIgnore
  public boolean isHttpWorker() {
    return HTTP.equals(kind);
  }

  public NodeRecord withState(NodeState newState, String reason, long atMs) {
    return new NodeRecord(id, zone, labels, nodeClass, capacity, newState, incarnation, registeredMs, atMs, reason, cordoned, exec, kind);
  }

  public NodeRecord withCordon(boolean value) {
    return new NodeRecord(id, zone, labels, nodeClass, capacity, state, incarnation, registeredMs, stateSinceMs, stateReason, value, exec, kind);
  }

  /**
   * The state users see and the scheduler obeys: a cordoned node that is otherwise ready is
   * {@code cordoned} (it keeps its streams and takes no new ones). The cordon outlives
   * re-registrations and failures; only uncordon lifts it.
   */
  public NodeState effectiveState() {
    return cordoned && state == NodeState.READY ? NodeState.CORDONED : state;
  }
}
