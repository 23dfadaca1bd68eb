package io.streamfleet.model.command;

import java.util.Objects;

/**
 * A control-plane server tells the cluster where agents reach it, so that any server can point
 * an agent at the leader. Proposed by each server when it starts (and again if it moved).
 */
public record AnnounceServer(CommandMeta meta, String serverId, String rpcAddress) implements Command {
  public AnnounceServer {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(serverId, "serverId");
    Objects.requireNonNull(rpcAddress, "rpcAddress");
  }

  @Override
  public String target() {
    return serverId;
  }

  @Override
  public boolean audited() {
    return false;
  }
}
