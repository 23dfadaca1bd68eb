package io.streamfleet.server.security;

import io.streamfleet.model.security.TokenRecord;
import io.streamfleet.server.state.StateStore;

/**
 * Checks a presented join token against the replicated state: format and secret. Whether it may
 * still admit this node or server (expiry, uses, role, binding) is decided when its use is
 * committed, so that every server agrees.
 */
public final class JoinTokens {
  private JoinTokens() {}

  /** The token's record, or a problem safe to return to the caller (never the secret). */
  public record Check(TokenRecord token, String problem) {}

  public static Check check(StateStore store, String text, String roleForHint) {
    var presented = TokenSecrets.parse(text).filter(p -> p.caPin() != null);
    if (presented.isEmpty()) {
      return new Check(null, "the token is not a join token (sfj1.ID.SECRET.PIN); create one with `streamfleet token create --role "
          + roleForHint + "`");
    }
    String id = presented.get().id();
    TokenRecord t = store.read(s -> s.token(id));
    if (t == null || !TokenSecrets.matches(presented.get().secret(), t.secretSha256())) {
      return new Check(null, "join token " + id + " is not valid");
    }
    return new Check(t, null);
  }
}
