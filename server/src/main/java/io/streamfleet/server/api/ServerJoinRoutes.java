package io.streamfleet.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.streamfleet.model.Ids;
import io.streamfleet.model.api.ServerJoinReply;
import io.streamfleet.model.api.ServerJoinRequest;
import io.streamfleet.model.command.AdmitServer;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.security.TokenRecord;
import io.streamfleet.server.security.ClusterCa;
import io.streamfleet.server.security.JoinTokens;
import io.streamfleet.server.state.StateStore;
import java.time.Clock;

/**
 * {@code POST /api/v1/servers/join}: a server that lost its data directory (or replaces a member)
 * trades a server join token for the cluster CA, then starts like every other member. Public (the
 * token is the credential), HTTPS only; the joining server checks this server's CA against the
 * pin in its token before it sends anything.
 */
final class ServerJoinRoutes {
  private final StateStore store;
  private final CommandGateway gateway;
  private final Clock clock;
  private final ClusterCa ca;

  ServerJoinRoutes(StateStore store, CommandGateway gateway, Clock clock, ClusterCa ca) {
    this.store = store;
    this.gateway = gateway;
    this.clock = clock;
    this.ca = ca;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/servers/join", this::join, Access.PUBLIC);
  }

  private void join(Context ctx) {
    if (ca == null) {
      throw new ApiException(409, "no_tls", "this server runs without TLS (development mode); it has no CA to share");
    }
    ServerJoinRequest req = JsonBodies.read(ctx, ServerJoinRequest.class);
    if (req.serverId() == null || !Ids.isValid(req.serverId())) {
      throw new ApiException(400, "invalid", "server_id is missing or invalid; " + Ids.RULE);
    }
    JoinTokens.Check check = JoinTokens.check(store, req.token(), "server");
    if (check.problem() != null) {
      throw new ApiException(401, "unauthenticated", check.problem());
    }
    TokenRecord t = check.token();
    gateway.submit(new AdmitServer(new CommandMeta(clock.millis(), "token:" + t.id(), ctx.ip()), t.id(), req.serverId()));
    ctx.json(new ServerJoinReply(ca.certificatePem(), ca.keyPem()));
  }
}
