package io.streamfleet.server.state;

import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.DeleteWebhook;
import io.streamfleet.model.command.PutWebhook;
import io.streamfleet.model.command.WebhookDelivered;
import io.streamfleet.model.webhook.WebhookState;
import java.util.Collection;
import java.util.List;
import java.util.NavigableMap;
import java.util.TreeMap;

/** Webhooks and how far the leader delivered the event log to each, one aggregate of {@link ClusterState}. */
final class Webhooks {
  private final NavigableMap<String, WebhookState> hooks = new TreeMap<>();

  void restore(List<WebhookState> saved) {
    if (saved != null) {
      saved.forEach(h -> hooks.put(h.spec().id(), h));
    }
  }

  /** A new hook starts after the log's newest entry; a replaced one keeps its position. */
  CommandResult put(PutWebhook c, long lastEventId) {
    WebhookState old = hooks.get(c.spec().id());
    hooks.put(c.spec().id(), new WebhookState(c.spec(), old == null ? lastEventId : old.deliveredId()));
    return CommandResult.ok();
  }

  CommandResult delete(DeleteWebhook c) {
    if (hooks.remove(c.id()) == null) {
      return CommandResult.rejected(CommandResult.NOT_FOUND, "webhook '" + c.id() + "' does not exist; `streamfleet webhook ls` lists them");
    }
    return CommandResult.ok();
  }

  CommandResult delivered(WebhookDelivered c) {
    WebhookState h = hooks.get(c.id());
    if (h == null) {
      return CommandResult.ok(); // deleted meanwhile
    }
    hooks.put(c.id(), new WebhookState(h.spec(), Math.max(h.deliveredId(), c.upToId())));
    return CommandResult.ok();
  }

  WebhookState get(String id) {
    return hooks.get(id);
  }

  Collection<WebhookState> all() {
    return hooks.values();
  }
}
