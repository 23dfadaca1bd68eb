package io.streamfleet.model.command;

import io.streamfleet.model.Resources;
import java.util.Objects;
import java.util.SortedMap;

/**
 * An agent session registered (or re-registered) its node. Refused as {@code conflict} when the
 * node is known with a newer incarnation: a late message from an old agent process never
 * overrides the current one.
 *
 * @param holdReason when not null the node is registered {@code suspect} with this reason and
 *     gets no new streams (flap damping) until a {@link NodeHealth} command makes it ready
 * @param exec the exec processors the agent runs (absent in older logs: none)
 * @param kind {@code agent} (a Streamfleet agent on a gRPC session; null in older logs) or {@code
 *     http} (a worker speaking the FFmpeg farm seed's HTTP API: it polls for jobs)
 */
public record RegisterNode(
    CommandMeta meta, String nodeId, long incarnation, String zone, SortedMap<String, String> labels,
    String nodeClass, Resources capacity, String holdReason, io.streamfleet.model.ExecPolicy exec, String kind) implements Command {
  public RegisterNode {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(capacity, "capacity");
    labels = io.streamfleet.model.Maps.sortedCopy(labels);
    exec = io.streamfleet.model.ExecPolicy.orDenied(exec);
  }

  public RegisterNode(CommandMeta meta, String nodeId, long incarnation, String zone, SortedMap<String, String> labels,
      String nodeClass, Resources capacity, String holdReason, io.streamfleet.model.ExecPolicy exec) {
    this(meta, nodeId, incarnation, zone, labels, nodeClass, capacity, holdReason, exec, null);
  }

  public RegisterNode(CommandMeta meta, String nodeId, long incarnation, String zone, SortedMap<String, String> labels,
      String nodeClass, Resources capacity, String holdReason) {
    this(meta, nodeId, incarnation, zone, labels, nodeClass, capacity, holdReason, io.streamfleet.model.ExecPolicy.DENIED);
  }

  public RegisterNode(CommandMeta meta, String nodeId, long incarnation, String zone, SortedMap<String, String> labels,
      String nodeClass, Resources capacity) {
    this(meta, nodeId, incarnation, zone, labels, nodeClass, capacity, null);
  }

  @Override
  public String target() {
    return nodeId;
  }
}
