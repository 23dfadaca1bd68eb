package io.streamfleet.model.command;

import java.util.List;
import java.util.Objects;

/**
 * The leader's planned moves (drain, rebalance, rollout), make-before-break. Applying starts, for
 * each overlap stream still running at {@code fromEpoch} with no move in flight, its successor on
 * {@code toNode} (which may be its own node, for a new processor version) at the stream's next
 * epoch; the successor becomes current when it reports ready, or the move is given up at {@code
 * deadlineMs}. An exclusive stream cannot have two instances: it leaves its node (fenced until its
 * stop is confirmed) and is placed again. Items whose stream moved on are skipped.
 */
public record MoveStreams(CommandMeta meta, List<Move> moves) implements Command {
  public MoveStreams {
    Objects.requireNonNull(meta, "meta");
    moves = List.copyOf(moves);
  }

  /**
   * @param version the processor version the successor runs; 0 keeps the stream's
   * @param purpose drain, rebalance, rollout or move (see {@link io.streamfleet.model.Handover})
   */
  public record Move(String streamId, long fromEpoch, String toNode, long version, String purpose, long deadlineMs) {}

  @Override
  public String target() {
    return moves.size() + " moves";
  }
}
