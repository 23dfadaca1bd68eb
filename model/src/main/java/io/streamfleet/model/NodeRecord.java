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
 * @param drain the drain in progress or done, or null (see {@link Drain}); uncordon ends it
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
    String kind,
    Drain drain) {
  public static final String HTTP = "http";

  public NodeRecord {
    labels = Maps.sortedCopy(labels);
    exec = ExecPolicy.orDenied(exec);
  }

  public NodeRecord(String id, String zone, SortedMap<String, String> labels, String nodeClass, Resources capacity, NodeState state,
      long incarnation, long registeredMs, long stateSinceMs, String stateReason, boolean cordoned, ExecPolicy exec, String kind) {
    this(id, zone, labels, nodeClass, capacity, state, incarnation, registeredMs, stateSinceMs, stateReason, cordoned, exec, kind, null);
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
    return new NodeRecord(id, zone, labels, nodeClass, capacity, newState, incarnation, registeredMs, atMs, reason, cordoned, exec, kind, drain);
  }

  /** Cordoned or not; lifting the cordon also ends a drain. */
  public NodeRecord withCordon(boolean value) {
    return new NodeRecord(id, zone, labels, nodeClass, capacity, state, incarnation, registeredMs, stateSinceMs, stateReason, value, exec, kind,
        value ? drain : null);
  }

  /** Draining (cordoned, its streams moving away), or drained. */
  public NodeRecord withDrain(Drain value) {
    return new NodeRecord(id, zone, labels, nodeClass, capacity, state, incarnation, registeredMs, stateSinceMs, stateReason, true, exec, kind, value);
  }

  /**
   * The state users see and the scheduler obeys: a cordoned node that is otherwise ready is
   * {@code cordoned} (it keeps its streams and takes no new ones), or {@code draining} and then
   * {@code drained} when a drain is moving its streams away. The cordon outlives
   * re-registrations and failures; only uncordon lifts it.
   */
  public NodeState effectiveState() {
    if (state != NodeState.READY || !cordoned) {
      return state;
    }
    return drain == null ? NodeState.CORDONED : drain.done() ? NodeState.DRAINED : NodeState.DRAINING;
  }
}
