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
 * @param frames frame-level figures of a builtin processor's current instance; absent for others
 *     and until its agent reports them
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
    MoveFailure lastFailedMove,
    FrameStats frames) {

  public StreamStatus(AssignmentState state, String node, long epoch, String reason, long sinceMs, Double fps, Long lastFrameMsAgo,
      int restarts) {
    this(state, node, epoch, reason, sinceMs, fps, lastFrameMsAgo, restarts, null, null, null, null);
  }

  /**
   * How a builtin processor's frames fare, as its agent last measured (latency over the last two
   * seconds, counts since the instance started).
   *
   * @param latencyMsP50 median time from a frame leaving the decoder to its analysis being done
   * @param latencyMsP99 the 99th percentile of the same
   * @param processed frames analysed
   * @param dropped frames skipped because analysis fell behind (the newest frame is always taken)
   * @param reconnects times the camera came back after being away
   * @param decoder {@code software}, {@code vaapi} or {@code cuda}; a hardware decoder that failed
   *     shows as {@code software (vaapi failed: ...)}
   */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record FrameStats(double latencyMsP50, double latencyMsP99, long processed, long dropped, long reconnects, String decoder) {}
}
