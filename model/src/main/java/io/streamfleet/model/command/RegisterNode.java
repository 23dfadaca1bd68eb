package io.streamfleet.model.command;

import io.streamfleet.model.Resources;
import java.util.Objects;
import java.util.SortedMap;

/**
 * An agent session registered (or re-registered) its node. Refused as {@code conflict} when the
 * node is known with a newer incarnation: a late message from an old agent process never
 * overrides the current one.
 */
public record RegisterNode(
    CommandMeta meta, String nodeId, long incarnation, String zone, SortedMap<String, String> labels,
    String nodeClass, Resources capacity) implements Command {
  public RegisterNode {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(capacity, "capacity");
    labels = io.streamfleet.model.Maps.sortedCopy(labels);
  }

  @Override
  public String target() {
    return nodeId;
  }
}
