package io.streamfleet.model.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.streamfleet.model.Drain;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.Resources;
import java.util.SortedMap;

/**
 * {@code GET /nodes/{id}}. {@code usage} and {@code last_heartbeat_ms_ago} are absent until
 * reported; {@code state_reason} says why a node is suspect or down. {@code kind} is {@code agent}
 * or {@code http} (a worker of the FFmpeg farm seed's API: it runs jobs, never streams);
 * {@code jobs} counts the job attempts dispatched to it or running there. {@code drain} is present
 * while an operator drains the node and after it is drained (its {@code stuck} names what holds
 * a drain past its deadline); uncordon ends it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NodeView(
    String id,
    NodeState state,
    String stateReason,
    long stateSinceMs,
    String zone,
    SortedMap<String, String> labels,
    String nodeClass,
    Resources capacity,
    Resources allocated,
    Usage usage,
    Long lastHeartbeatMsAgo,
    int streams,
    String kind,
    int jobs,
    Drain drain) {

  public NodeView(String id, NodeState state, String stateReason, long stateSinceMs, String zone, SortedMap<String, String> labels,
      String nodeClass, Resources capacity, Resources allocated, Usage usage, Long lastHeartbeatMsAgo, int streams, String kind, int jobs) {
    this(id, state, stateReason, stateSinceMs, zone, labels, nodeClass, capacity, allocated, usage, lastHeartbeatMsAgo, streams, kind, jobs, null);
  }

  public NodeView(String id, NodeState state, String stateReason, long stateSinceMs, String zone, SortedMap<String, String> labels,
      String nodeClass, Resources capacity, Resources allocated, Usage usage, Long lastHeartbeatMsAgo, int streams) {
    this(id, state, stateReason, stateSinceMs, zone, labels, nodeClass, capacity, allocated, usage, lastHeartbeatMsAgo, streams, "agent", 0);
  }

  /** Measured usage of the whole node, in percent of its capacity. */
  public record Usage(double cpuPercent, double memoryPercent) {}
}
