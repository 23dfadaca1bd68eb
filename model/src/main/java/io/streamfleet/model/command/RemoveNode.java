package io.streamfleet.model.command;

import java.util.Objects;

/**
 * Removes a node from the cluster: its record and its certificates (which authenticate nothing
 * from then on). Rejected while streams are assigned to it; drain or cordon-and-move them first.
 */
public record RemoveNode(CommandMeta meta, String nodeId) implements Command {
  public RemoveNode {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(nodeId, "nodeId");
  }

  @Override
  public String target() {
    return nodeId;
  }
}
