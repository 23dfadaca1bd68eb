package io.streamfleet.server.api;

import io.javalin.http.Context;
import io.javalin.security.RouteRole;
import io.streamfleet.server.metrics.ServerMetrics;
import io.streamfleet.server.security.Authenticator;
import io.streamfleet.server.security.Principal;
import io.streamfleet.server.security.RateLimiter;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs before every matched route: who is calling (a bearer token), may they (the route's
 * {@link Access}), and not too often (a token bucket per principal; per client address for
 * failed attempts, so guessing is slow too). Refusals are counted by kind and logged without
 * the presented secret.
 */
final class ApiGuard {
  private static final Logger log = LoggerFactory.getLogger(ApiGuard.class);
  static final String PRINCIPAL = "streamfleet.principal";

  private final Authenticator authenticator; // null: development mode, no authentication
  private final RateLimiter perPrincipal;
  private final RateLimiter failuresPerAddress;
  private final ServerMetrics metrics;
  private final boolean tls;

  /** @param tls whether requests must have come over TLS (a plaintext one gets a 400 saying so) */
  ApiGuard(Authenticator authenticator, RateLimiter perPrincipal, RateLimiter failuresPerAddress, ServerMetrics metrics, boolean tls) {
    this.authenticator = authenticator;
    this.perPrincipal = perPrincipal;
    this.failuresPerAddress = failuresPerAddress;
    this.metrics = metrics;
    this.tls = tls;
  }

  void check(Context ctx) {
    if (tls && !ctx.req().isSecure()) {
      metrics.recordAuthFailure("plaintext");
      throw new ApiException(400, "tls_required", "this server speaks HTTPS only; use https://" + ctx.host()
          + " (the CLI: --server https://HOST:PORT with --ca-cert, or STREAMFLEET_CA_CERT)");
    }
    Access needed = needed(ctx.routeRoles());
    if (authenticator == null) {
      ctx.attribute(PRINCIPAL, Principal.DEV);
      return;
    }
    if (needed == Access.PUBLIC) {
      return;
    }
    Authenticator.Result auth = authenticator.authenticate(BrowserLogin.credentials(ctx));
    if (!auth.ok()) {
      refuse("authentication", auth.kind(), ctx);
      limit("address:" + ctx.ip(), failuresPerAddress);
      throw new ApiException(401, "unauthenticated", auth.reason());
    }
    Principal p = auth.principal();
    limit(p.name(), perPrincipal);
    if (!p.role().covers(needed.role())) {
      refuse("authorisation", "forbidden", ctx);
      throw new ApiException(403, "forbidden", ctx.method() + " " + ctx.endpoint().path + " needs role " + needed.role().wireName()
          + "; " + p.name() + " has role " + p.role().wireName() + ". Ask an admin for a token with that role.");
    }
    ctx.attribute(PRINCIPAL, p);
  }

  private void limit(String key, RateLimiter limiter) {
    long wait = limiter.retryAfterSeconds(key);
    if (wait > 0) {
      metrics.recordAuthFailure("rate_limited");
      throw new RateLimitedException(wait);
    }
  }

  private void refuse(String what, String kind, Context ctx) {
    metrics.recordAuthFailure(kind);
    log.warn("{} failed ({}) for {} {} from {}", what, kind, ctx.method(), ctx.path(), ctx.ip());
  }

  /** The strictest access the route declares; none declared means admin (fail closed). */
  static Access needed(Set<RouteRole> roles) {
    Access needed = null;
    for (RouteRole r : roles) {
      if (r instanceof Access a && (needed == null || a.ordinal() > needed.ordinal())) {
        needed = a;
      }
    }
    return needed == null ? Access.ADMIN : needed;
  }

  /** 429 with Retry-After. */
  static final class RateLimitedException extends RuntimeException {
    final long retryAfterSeconds;

    RateLimitedException(long retryAfterSeconds) {
      super("too many requests; retry after " + retryAfterSeconds + " s");
      this.retryAfterSeconds = retryAfterSeconds;
    }
  }
}
