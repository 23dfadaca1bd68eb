package io.streamfleet.model.command;

import java.util.Objects;

/**
 * The leader lost the node's session of {@code incarnation}: the node goes down and each of its
 * streams is re-queued as pending with epoch + 1. Ignored when the node has re-registered with a
 * newer incarnation meanwhile.
 */
public record NodeDown(CommandMeta meta, String nodeId, long incarnation, String reason) implements Command {
  public NodeDown {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(nodeId, "nodeId");
  }

  @Override
  public String target() {
    return nodeId;
  }
}
