package io.streamfleet.model.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.Handover;
import io.streamfleet.model.MoveFailure;

/**
 * A stream's live status. {@code fps} and {@code last_frame_ms_ago} come from agent reports and
 * are absent until an agent runs the stream.
 *
 * @param version the processor version the current instance runs; absent while pending
 * @param handover the planned move in flight (drain, rebalance, rollout): the new instance that
 *     starts beside the current one and takes over once it is ready; absent when none
 * @param lastFailedMove the last planned move that was given up (the stream stayed where it was);
 *     absent when none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record StreamStatus(
    AssignmentState state,
    String node,
    long epoch,
    String reason,
    long sinceMs,
    Double fps,
    Long lastFrameMsAgo,
    int restarts,
    Long version,
    Handover handover,
    MoveFailure lastFailedMove) {

  public StreamStatus(AssignmentState state, String node, long epoch, String reason, long sinceMs, Double fps, Long lastFrameMsAgo,
      int restarts) {
    this(state, node, epoch, reason, sinceMs, fps, lastFrameMsAgo, restarts, null, null, null);
  }
}
