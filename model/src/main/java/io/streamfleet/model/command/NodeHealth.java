package io.streamfleet.model.command;

import io.streamfleet.model.NodeState;
import java.util.Objects;

/**
 * The failure detector's verdict short of {@code down}: a node becomes {@code suspect} (its
 * session closed or its heartbeats are late; it keeps its streams but gets no new ones) or
 * {@code ready} again. Ignored unless the node still has {@code incarnation} and is ready or
 * suspect (a down, cordoned or draining node is not changed by it).
 */
public record NodeHealth(CommandMeta meta, String nodeId, long incarnation, NodeState state, String reason) implements Command {
  public NodeHealth {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(nodeId, "nodeId");
    if (state != NodeState.SUSPECT && state != NodeState.READY) {
      throw new IllegalArgumentException("node.health sets suspect or ready, not " + state);
    }
  }

  @Override
  public String target() {
    return nodeId;
  }
}
