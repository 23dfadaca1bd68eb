package io.streamfleet.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.streamfleet.model.FieldError;
import io.streamfleet.model.Ids;
import io.streamfleet.model.api.TokenCreated;
import io.streamfleet.model.api.TokenRequest;
import io.streamfleet.model.api.TokenView;
import io.streamfleet.model.command.CreateToken;
import io.streamfleet.model.command.RevokeToken;
import io.streamfleet.model.security.Role;
import io.streamfleet.model.security.TokenRecord;
import io.streamfleet.server.security.TokenSecrets;
import io.streamfleet.server.state.StateStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/** {@code /api/v1/tokens} (admin): create (the secret is in the answer, once), list, revoke. */
final class TokenRoutes {
  static final long DEFAULT_JOIN_TTL_SECONDS = 3600;
  private static final long MAX_TTL_SECONDS = 10L * 366 * 24 * 3600;

  private final StateStore store;
  private final CommandGateway gateway;
  private final Clock clock;
  private final SecureRandom random;
  private final Supplier<String> caPin;

  /** @param caPin the cluster CA's pin for join tokens; null when the server runs without TLS */
  TokenRoutes(StateStore store, CommandGateway gateway, Clock clock, SecureRandom random, Supplier<String> caPin) {
    this.store = store;
    this.gateway = gateway;
    this.clock = clock;
    this.random = random;
    this.caPin = caPin;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/tokens", this::create, Access.ADMIN);
    routes.get("/api/v1/tokens", this::list, Access.ADMIN);
    routes.delete("/api/v1/tokens/{id}", this::revoke, Access.ADMIN);
  }

  private void create(Context ctx) {
    TokenRequest req = JsonBodies.read(ctx, TokenRequest.class);
    List<FieldError> errors = new ArrayList<>();
    Role role = Role.parse(req.role()).orElse(null);
    if (role == null) {
      errors.add(new FieldError("role", "must be one of " + Role.NAMES + (req.role() == null ? "" : ", not '" + req.role() + "'")));
    }
    if (req.ttlSeconds() != null && (req.ttlSeconds() < 1 || req.ttlSeconds() > MAX_TTL_SECONDS)) {
      errors.add(new FieldError("ttl_seconds", "must be from 1 to " + MAX_TTL_SECONDS + " (10 years), not " + req.ttlSeconds()));
    }
    boolean join = role != null && role.isJoinRole();
    if (req.uses() != null && (!join || req.uses() < 1 || req.uses() > 10_000)) {
      errors.add(new FieldError("uses", join ? "must be from 1 to 10000, not " + req.uses() : "applies only to join tokens (role agent or server)"));
    }
    if (req.nodeId() != null && (!join || !Ids.isValid(req.nodeId()))) {
      errors.add(new FieldError("node_id", join ? Ids.RULE : "applies only to join tokens (role agent or server)"));
    }
    if (req.description() != null && req.description().length() > 200) {
      errors.add(new FieldError("description", "is " + req.description().length() + " characters; the limit is 200"));
    }
    if (!errors.isEmpty()) {
      throw new ApiException(400, "invalid", "the token request is invalid", errors);
    }
    String pin = join ? caPin.get() : null;
    if (join && pin == null) {
      throw new ApiException(409, "no_tls", "this server runs without TLS (development mode), so it has no CA to admit nodes with;"
          + " agents of a dev cluster connect without a join token");
    }
    long now = clock.millis();
    Long ttl = req.ttlSeconds() != null ? req.ttlSeconds() : join ? Long.valueOf(DEFAULT_JOIN_TTL_SECONDS) : null;
    TokenSecrets.Issued issued = join ? TokenSecrets.newJoinToken(random, pin) : TokenSecrets.newApiToken(random);
    var meta = RequestActor.meta(ctx, clock);
    TokenRecord record = new TokenRecord(issued.id(), role, req.description(), TokenSecrets.sha256Hex(issued.secret()), now,
        ttl == null ? 0 : now + ttl * 1000, join ? (req.uses() == null ? 1 : req.uses()) : -1, req.nodeId(), meta.actor(), 0);
    gateway.submit(new CreateToken(meta, record, false));
    ctx.status(201).json(new TokenCreated(view(record, now), issued.text()));
  }

  private void list(Context ctx) {
    long now = clock.millis();
    ctx.json(store.read(s -> s.tokens().stream().map(t -> view(t, now)).toList()));
  }

  private void revoke(Context ctx) {
    gateway.submit(new RevokeToken(RequestActor.meta(ctx, clock), ctx.pathParam("id")));
    ctx.status(204);
  }

  static TokenView view(TokenRecord t, long nowMs) {
    String state = t.revokedAtMs() > 0 ? "revoked" : t.expiredAt(nowMs) ? "expired" : t.usesLeft() == 0 ? "used_up" : "valid";
    return new TokenView(t.id(), t.role().wireName(), state, t.description(), t.createdAtMs(), t.expiresAtMs(), t.usesLeft(), t.nodeId(),
        t.createdBy(), t.revokedAtMs() == 0 ? null : t.revokedAtMs());
  }
}
