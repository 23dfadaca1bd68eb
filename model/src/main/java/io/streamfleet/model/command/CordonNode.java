package io.streamfleet.model.command;

import java.util.Objects;

/**
 * An operator cordons a node (it keeps its streams but takes no new ones) or lifts the cordon.
 * The cordon survives the node's re-registrations and failures.
 */
public record CordonNode(CommandMeta meta, String nodeId, boolean cordoned) implements Command {
  public CordonNode {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(nodeId, "nodeId");
  }

  @Override
  public String target() {
    return nodeId;
  }
}
