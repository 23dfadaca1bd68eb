package io.streamfleet.server.api;

import io.javalin.http.Context;
import io.streamfleet.model.command.CommandMeta;
import java.time.Clock;
import java.util.regex.Pattern;

/**
 * Who made a request, for the audit trail. Until authentication exists, the caller's own
 * {@code X-Streamfleet-User} header (the CLI sends the OS user) or "anonymous", plus the client
 * address. The security issue replaces this with the authenticated principal.
 */
final class RequestActor {
  static final String HEADER = "X-Streamfleet-User";
  private static final Pattern SAFE = Pattern.compile("[A-Za-z0-9@._\\-]{1,64}");

  private RequestActor() {}

  static CommandMeta meta(Context ctx, Clock clock) {
    String user = ctx.header(HEADER);
    String actor = user != null && SAFE.matcher(user).matches() ? user : "anonymous";
    return new CommandMeta(clock.millis(), actor, ctx.ip());
  }
}
