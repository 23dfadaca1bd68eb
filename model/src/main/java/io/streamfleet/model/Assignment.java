package io.streamfleet.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a stream should run. The epoch grows by one every time the stream is (re)placed, so a
 * processor instance is identified by (stream, epoch) and stale instances can be recognised.
 *
 * @param node the node it is assigned to, or null while pending
 * @param reason why it is pending or failed, or null
 * @param version the processor version the current instance runs (0 while pending, and in records
 *     written before versions were tracked: the processor's version at the time)
 * @param handover a planned move in flight: the successor instance, or null
 * @param lastFailure the last planned move that was given up, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Assignment(
    String streamId, String node, long epoch, AssignmentState state, String reason, long sinceMs, int restarts,
    long version, Handover handover, MoveFailure lastFailure) {

  public Assignment(String streamId, String node, long epoch, AssignmentState state, String reason, long sinceMs, int restarts) {
    this(streamId, node, epoch, state, reason, sinceMs, restarts, 0, null, null);
  }

  public static Assignment pending(String streamId, long epoch, String reason, long atMillis) {
    return new Assignment(streamId, null, epoch, AssignmentState.PENDING, reason, atMillis, 0);
  }

  /**
   * The epoch the stream's next instance gets: above the current one, the successor in flight and
   * the last given-up successor, so that no two instances ever share an epoch.
   */
  public long nextEpoch() {
    long top = epoch;
    if (handover != null) {
      top = Math.max(top, handover.epoch());
    }
    if (lastFailure != null) {
      top = Math.max(top, lastFailure.epoch());
    }
    return top + 1;
  }

  /** The same placement in another state; the version, move in flight and last failure stay. */
  public Assignment withState(AssignmentState newState, String newReason, long newSinceMs, int newRestarts) {
    return new Assignment(streamId, node, epoch, newState, newReason, newSinceMs, newRestarts, version, handover, lastFailure);
  }

  public Assignment withHandover(Handover h) {
    return new Assignment(streamId, node, epoch, state, reason, sinceMs, restarts, version, h, lastFailure);
  }

  public Assignment withVersion(long v) {
    return new Assignment(streamId, node, epoch, state, reason, sinceMs, restarts, v, handover, lastFailure);
  }

  /** The move in flight given up: the stream stays where it is. */
  public Assignment withFailedMove(MoveFailure failure) {
    return new Assignment(streamId, node, epoch, state, reason, sinceMs, restarts, version, null, failure);
  }

  /** Pending at the next epoch (the current instance is gone or leaving); the last failure is kept for its epoch. */
  public Assignment toPending(String why, long atMs) {
    return new Assignment(streamId, null, nextEpoch(), AssignmentState.PENDING, why, atMs, 0, 0, null, lastFailure);
  }

  /** Runs on {@code toNode} at the next epoch (starting), with processor version {@code v}. */
  public Assignment placedOn(String toNode, long v, String why, long atMs) {
    return new Assignment(streamId, toNode, nextEpoch(), AssignmentState.STARTING, why, atMs, 0, v, null, lastFailure);
  }

  /** Whether a planned move may start now: none in flight and the last one's back-off over. */
  public boolean movableAt(long nowMs) {
    return node != null && handover == null
        && (lastFailure == null || lastFailure.retryAfterMs() <= nowMs);
  }
}
