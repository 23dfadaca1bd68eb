package io.streamfleet.model.command;

import java.util.List;
import java.util.Objects;

/**
 * The leader declares a node down (its session of {@code incarnation} was lost and did not come
 * back, or it fell silent). In the same command its streams move: each stream with a placement
 * in {@code placements} goes to that node at epoch + 1 (re-checked: the node ready, the room
 * free); every other stream of the node is re-queued as pending at epoch + 1. {@code exclusive}
 * streams are always re-queued: the leader places them once the node's lease has run out.
 * {@code evictions} (applied first) are job attempts on other nodes preempted to make room for
 * those placements: a live stream never waits for a batch job.
 * Ignored when the node has re-registered with a newer incarnation meanwhile.
 */
public record NodeDown(CommandMeta meta, String nodeId, long incarnation, String reason, List<Placement> placements,
    List<PlaceStreams.Eviction> evictions) implements Command {
  public NodeDown {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(nodeId, "nodeId");
    placements = placements == null ? List.of() : List.copyOf(placements);
    evictions = evictions == null ? List.of() : List.copyOf(evictions);
  }

  public NodeDown(CommandMeta meta, String nodeId, long incarnation, String reason, List<Placement> placements) {
    this(meta, nodeId, incarnation, reason, placements, List.of());
  }

  public NodeDown(CommandMeta meta, String nodeId, long incarnation, String reason) {
    this(meta, nodeId, incarnation, reason, List.of());
  }

  /** Stream {@code streamId} of the lost node runs next on {@code node}. */
  public record Placement(String streamId, String node) {}

  @Override
  public String target() {
    return nodeId;
  }
}
