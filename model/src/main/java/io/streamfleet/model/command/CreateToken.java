package io.streamfleet.model.command;

import io.streamfleet.model.security.TokenRecord;
import java.util.Objects;

/**
 * Adds a token. A {@code bootstrap} token is the cluster's first admin token: accepted only
 * while the cluster has never had one (every server may propose its own; the first wins).
 */
public record CreateToken(CommandMeta meta, TokenRecord token, boolean bootstrap) implements Command {
  public CreateToken {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(token, "token");
  }

  @Override
  public String target() {
    return token.id();
  }
}
