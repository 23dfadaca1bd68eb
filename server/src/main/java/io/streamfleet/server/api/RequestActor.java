package io.streamfleet.server.api;

import io.javalin.http.Context;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.server.security.Principal;
import java.time.Clock;

/**
 * Who made a request, for the audit trail: the principal {@link ApiGuard} authenticated (a token
 * id, or "dev" in the plaintext development mode), never a name the caller chose, plus the
 * client address.
 */
final class RequestActor {
  private RequestActor() {}

  static CommandMeta meta(Context ctx, Clock clock) {
    return new CommandMeta(clock.millis(), principal(ctx).name(), ctx.ip());
  }

  static Principal principal(Context ctx) {
    Principal p = ctx.attribute(ApiGuard.PRINCIPAL);
    if (p == null) {
      throw new IllegalStateException("no principal: the route " + ctx.path() + " must declare an Access other than PUBLIC");
    }
    return p;
  }
}
