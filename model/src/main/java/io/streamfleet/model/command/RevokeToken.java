package io.streamfleet.model.command;

import java.util.Objects;

/** Revokes a token: it authenticates nothing from the moment this is applied. */
public record RevokeToken(CommandMeta meta, String tokenId) implements Command {
  public RevokeToken {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(tokenId, "tokenId");
  }

  @Override
  public String target() {
    return tokenId;
  }
}
