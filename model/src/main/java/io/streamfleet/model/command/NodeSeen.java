package io.streamfleet.model.command;

import java.util.Objects;

/**
 * An HTTP worker (a node of kind {@code http}) made a request: a heartbeat, a poll, a result.
 * Its liveness is this, not a session: the leader declares it down when it has not been seen for
 * the worker lease, and a down worker that is seen again is ready again.
 */
public record NodeSeen(CommandMeta meta, String nodeId) implements Command {
  public NodeSeen {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(nodeId, "nodeId");
  }

  @Override
  public String target() {
    return nodeId;
  }

  @Override
  public boolean audited() {
    return false;
  }
}
