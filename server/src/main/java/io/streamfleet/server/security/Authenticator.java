package io.streamfleet.server.security;

import io.streamfleet.model.security.TokenRecord;
import io.streamfleet.server.state.StateStore;
import java.time.Clock;

/**
 * Turns an {@code Authorization} header into a {@link Principal} by the tokens in the replicated
 * state. Failures carry a reason safe to show and to log: never the presented secret.
 */
public final class Authenticator {
  private final StateStore store;
  private final Clock wallClock;

  public Authenticator(StateStore store, Clock wallClock) {
    this.store = store;
    this.wallClock = wallClock;
  }

  /** The outcome: a principal, or a failure with a short {@code kind} for metrics and a reason. */
  public record Result(Principal principal, String kind, String reason) {
    static Result ok(Principal p) {
      return new Result(p, null, null);
    }

    static Result failed(String kind, String reason) {
      return new Result(null, kind, reason);
    }

    public boolean ok() {
      return principal != null;
    }
  }

  public Result authenticate(String authorizationHeader) {
    if (authorizationHeader == null || authorizationHeader.isBlank()) {
      return Result.failed("missing", "this server requires a token: send 'Authorization: Bearer TOKEN' (the CLI reads STREAMFLEET_TOKEN or --token)");
    }
    String h = authorizationHeader.trim();
    if (!h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return Result.failed("malformed", "the Authorization header must be 'Bearer TOKEN'");
    }
    var presented = TokenSecrets.parse(h.substring(7));
    if (presented.isEmpty() || presented.get().caPin() != null) {
      return Result.failed("malformed", "the bearer token is not an API token (sf1.ID.SECRET); join tokens only admit nodes");
    }
    String id = presented.get().id();
    TokenRecord t = store.read(s -> s.token(id));
    if (t == null || !TokenSecrets.matches(presented.get().secret(), t.secretSha256())) {
      return Result.failed("unknown", "token " + id + " is not valid");
    }
    String unusable = t.unusableReason(wallClock.millis());
    if (unusable != null) {
      return Result.failed(t.revokedAtMs() > 0 ? "revoked" : "expired", unusable + "; ask an admin for a new one");
    }
    if (t.role().isJoinRole()) {
      return Result.failed("wrong_role", "token " + id + " is a join token (role " + t.role().wireName() + "); it admits a node, not API calls");
    }
    return Result.ok(Principal.ofToken(id, t.role()));
  }
}
