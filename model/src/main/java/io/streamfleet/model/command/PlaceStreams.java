package io.streamfleet.model.command;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The leader's scheduling decisions, proposed as one command and applied in this order:
 * evictions (a running stream makes room for a higher-priority one: pending at epoch + 1, with
 * the reason), placements (a stream pending at {@code fromEpoch} goes to a node at epoch + 1),
 * moves (a rebalance: a stream assigned at {@code fromEpoch} goes to another node at epoch + 1),
 * and pending reasons for streams that fit nowhere. Every item is re-checked on apply (the
 * stream still at that epoch, the node ready, the room free) and skipped when the state moved
 * on; the next round re-plans.
 */
public record PlaceStreams(
    CommandMeta meta, List<Placement> placements, Map<String, String> pendingReasons, List<Eviction> evictions, List<Move> moves)
    implements Command {
  public PlaceStreams {
    Objects.requireNonNull(meta, "meta");
    placements = placements == null ? List.of() : List.copyOf(placements);
    pendingReasons = pendingReasons == null ? Map.of() : new TreeMap<>(pendingReasons);
    evictions = evictions == null ? List.of() : List.copyOf(evictions);
    moves = moves == null ? List.of() : List.copyOf(moves);
  }

  public PlaceStreams(CommandMeta meta, List<Placement> placements, Map<String, String> pendingReasons) {
    this(meta, placements, pendingReasons, List.of(), List.of());
  }

  /** Stream {@code streamId}, pending at {@code fromEpoch}, should run on {@code node}. */
  public record Placement(String streamId, long fromEpoch, String node) {}

  /** Stream {@code streamId}, assigned at {@code fromEpoch}, gives up its node. */
  public record Eviction(String streamId, long fromEpoch, String reason) {}

  /** Stream {@code streamId}, assigned at {@code fromEpoch}, moves to {@code toNode}. */
  public record Move(String streamId, long fromEpoch, String toNode) {}

  @Override
  public String target() {
    return placements.size() + " placements" + (moves.isEmpty() ? "" : ", " + moves.size() + " moves")
        + (evictions.isEmpty() ? "" : ", " + evictions.size() + " evictions");
  }

  @Override
  public boolean audited() {
    return !moves.isEmpty() || !evictions.isEmpty();
  }
}
