package io.streamfleet.model.command;

import java.util.Objects;

/**
 * A server (a replacement for a lost member, with an empty data directory) trades a server join
 * token for the cluster CA. Rejected unless the token is usable at {@code meta.atMs}, has role
 * server, and, when bound to a server id, names this one. Spends one use.
 */
public record AdmitServer(CommandMeta meta, String tokenId, String serverId) implements Command {
  public AdmitServer {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(tokenId, "tokenId");
    Objects.requireNonNull(serverId, "serverId");
  }

  @Override
  public String target() {
    return serverId;
  }
}
