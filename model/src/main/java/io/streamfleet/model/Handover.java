package io.streamfleet.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A planned move in flight, make-before-break: the stream's successor instance runs at {@code
 * epoch} on {@code toNode} beside the current one, and becomes current once it reports ready; if
 * it is not ready by {@code deadlineMs} the move is given up and the current instance keeps
 * running. Only overlap streams move this way; an exclusive stream never has two instances.
 *
 * @param version the processor version the successor runs (a rollout changes it, a move keeps it)
 * @param purpose why it moves: {@link #DRAIN}, {@link #REBALANCE}, {@link #ROLLOUT} or {@link #MOVE}
 * @param state {@code starting} until the successor reports running (then it is current at once)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Handover(String toNode, long epoch, long version, String purpose, AssignmentState state, long startedMs, long deadlineMs) {
  public static final String DRAIN = "drain";
  public static final String REBALANCE = "rebalance";
  public static final String ROLLOUT = "rollout";
  public static final String MOVE = "move";

  public Handover withState(AssignmentState newState) {
    return new Handover(toNode, epoch, version, purpose, newState, startedMs, deadlineMs);
  }
}
