package io.streamfleet.model.command;

import java.util.Objects;

/** The leader delivered the event log to webhook {@code id} up to entry {@code upToId}. */
public record WebhookDelivered(CommandMeta meta, String id, long upToId) implements Command {
  public WebhookDelivered {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(id, "id");
  }

  @Override
  public String target() {
    return id;
  }

  @Override
  public boolean audited() {
    return false;
  }
}
