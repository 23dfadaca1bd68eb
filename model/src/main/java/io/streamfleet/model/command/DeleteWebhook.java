package io.streamfleet.model.command;

import java.util.Objects;

/** Deletes a webhook: nothing more is sent to it. */
public record DeleteWebhook(CommandMeta meta, String id) implements Command {
  public DeleteWebhook {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(id, "id");
  }

  @Override
  public String target() {
    return id;
  }
}
