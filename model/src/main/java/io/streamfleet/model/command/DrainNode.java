package io.streamfleet.model.command;

import java.util.Objects;

/**
 * An operator drains a node: it is cordoned and its streams move away make-before-break, at most
 * {@code maxParallel} at a time; {@code stuck} (set by the leader past the deadline, with {@code
 * maxParallel} 0 meaning "keep the drain's") names what holds it. Uncordon ends a drain.
 */
public record DrainNode(CommandMeta meta, String nodeId, int maxParallel, long deadlineMs, String stuck) implements Command {
  public DrainNode {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(nodeId, "nodeId");
  }

  @Override
  public String target() {
    return nodeId;
  }
}
