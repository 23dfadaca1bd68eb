package io.streamfleet.model.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Objects;

/**
 * Processor events one agent reported, in the order its outbox holds them. Applying keeps each
 * event whose instance is still the stream's current one (fencing) and that the log has not seen
 * (de-duplication by stream, epoch and seq); the rest are dropped, identically on every server.
 */
public record AppendEvents(CommandMeta meta, String node, List<Item> events) implements Command {
  public AppendEvents {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(node, "node");
    events = List.copyOf(events);
  }

  /** One processor event as the agent reported it. */
  public record Item(String stream, long epoch, long seq, String kind, long atMs, JsonNode payload) {}

  @Override
  public String target() {
    return node;
  }

  @Override
  public boolean audited() {
    return false;
  }
}
