package io.streamfleet.model.command;

import java.util.Objects;

/**
 * The leader has published every event-log entry up to {@code upToId} to the MQTT broker and the
 * webhooks. A new leader resumes after it, so a leader change repeats at most the entries since
 * the last such mark (consumers de-duplicate them by id) and skips none.
 */
public record EventsPublished(CommandMeta meta, long upToId) implements Command {
  public EventsPublished {
    Objects.requireNonNull(meta, "meta");
  }

  @Override
  public String target() {
    return "events";
  }

  @Override
  public boolean audited() {
    return false;
  }
}
