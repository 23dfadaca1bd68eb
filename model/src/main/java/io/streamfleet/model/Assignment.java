package io.streamfleet.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * Where a stream should run. The epoch grows by one every time the stream is (re)placed, so a
 * processor instance is identified by (stream, epoch) and stale instances can be recognised.
 *
 * @param node the node it is assigned to, or null while pending
 * @param reason why it is pending or failed, or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Assignment(
    String streamId, String node, long epoch, AssignmentState state, String reason, long sinceMs, int restarts) {

  public static Assignment pending(String streamId, long epoch, String reason, long atMillis) {
    return new Assignment(streamId, null, epoch, AssignmentState.PENDING, reason, atMillis, 0);
  }
}
