package io.streamfleet.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.streamfleet.model.InvalidInputException;
import io.streamfleet.model.api.WebhookView;
import io.streamfleet.model.command.DeleteWebhook;
import io.streamfleet.model.command.PutWebhook;
import io.streamfleet.model.webhook.WebhookRequest;
import io.streamfleet.model.webhook.WebhookSpec;
import io.streamfleet.model.webhook.WebhookSpecParser;
import io.streamfleet.model.webhook.WebhookState;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;

/**
 * {@code /api/v1/webhooks} (admin: a webhook sends the cluster's events to any URL). The secret
 * is shown once, in the answer that created it; afterwards only masked.
 */
final class WebhookRoutes {
  private final io.streamfleet.server.state.StateStore store;
  private final CommandGateway gateway;
  private final Clock clock;
  private final SecureRandom random;

  WebhookRoutes(io.streamfleet.server.state.StateStore store, CommandGateway gateway, Clock clock, SecureRandom random) {
    this.store = store;
    this.gateway = gateway;
    this.clock = clock;
    this.random = random;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/webhooks", this::put, Access.ADMIN);
    routes.get("/api/v1/webhooks", this::list, Access.ADMIN);
    routes.get("/api/v1/webhooks/{id}", this::show, Access.ADMIN);
    routes.delete("/api/v1/webhooks/{id}", this::delete, Access.ADMIN);
  }

  private void put(Context ctx) {
    byte[] key = new byte[24];
    random.nextBytes(key);
    WebhookSpec spec;
    try {
      spec = WebhookSpecParser.parse(JsonBodies.read(ctx, WebhookRequest.class), "whsec_" + HexFormat.of().formatHex(key));
    } catch (InvalidInputException e) {
      throw new ApiException(400, "invalid", "the webhook is invalid", e.errors());
    }
    boolean existed = store.read(s -> s.webhook(spec.id()) != null);
    gateway.submit(new PutWebhook(RequestActor.meta(ctx, clock), spec));
    long delivered = store.read(s -> s.webhook(spec.id()).deliveredId());
    ctx.status(existed ? 200 : 201).header("Location", "/api/v1/webhooks/" + spec.id()).json(new WebhookView(spec, delivered));
  }

  private void list(Context ctx) {
    List<WebhookView> all = store.read(s -> s.webhooks().stream().map(WebhookRoutes::view).toList());
    ctx.json(all);
  }

  private void show(Context ctx) {
    String id = ctx.pathParam("id");
    WebhookView v = store.read(s -> s.webhook(id) == null ? null : view(s.webhook(id)));
    if (v == null) {
      throw ApiException.notFound("webhook", id);
    }
    ctx.json(v);
  }

  private void delete(Context ctx) {
    gateway.submit(new DeleteWebhook(RequestActor.meta(ctx, clock), ctx.pathParam("id")));
    ctx.status(204);
  }

  private static WebhookView view(WebhookState h) {
    return new WebhookView(h.spec().masked(), h.deliveredId());
  }
}
