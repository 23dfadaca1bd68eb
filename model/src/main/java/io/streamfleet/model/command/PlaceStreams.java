package io.streamfleet.model.command;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The leader's placement decisions, proposed as one command: each pending stream goes to a node
 * at epoch + 1 (re-checked on apply: still pending at {@code fromEpoch}, node ready, capacity
 * free), and streams that fit nowhere get their pending reason.
 */
public record PlaceStreams(CommandMeta meta, List<Placement> placements, Map<String, String> pendingReasons)
    implements Command {
  public PlaceStreams {
    Objects.requireNonNull(meta, "meta");
    placements = placements == null ? List.of() : List.copyOf(placements);
    pendingReasons = pendingReasons == null ? Map.of() : new java.util.TreeMap<>(pendingReasons);
  }

  /** Stream {@code streamId}, pending at {@code fromEpoch}, should run on {@code node}. */
  public record Placement(String streamId, long fromEpoch, String node) {}

  @Override
  public String target() {
    return placements.size() + " placements";
  }

  @Override
  public boolean audited() {
    return false;
  }
}
