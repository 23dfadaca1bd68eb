package io.streamfleet.model.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.streamfleet.model.AssignmentState;

/**
 * A stream's live status. {@code fps} and {@code last_frame_ms_ago} come from agent reports and
 * are absent until an agent runs the stream.
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
    int restarts) {}
