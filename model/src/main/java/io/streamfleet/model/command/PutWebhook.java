package io.streamfleet.model.command;

import io.streamfleet.model.webhook.WebhookSpec;
import java.util.Objects;

/** Creates or replaces a webhook; a new one starts after the event log's newest entry. */
public record PutWebhook(CommandMeta meta, WebhookSpec spec) implements Command {
  public PutWebhook {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String target() {
    return spec.id();
  }
}
