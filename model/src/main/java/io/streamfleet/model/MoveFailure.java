package io.streamfleet.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The last planned move of a stream that was given up: its successor at {@code epoch} on {@code
 * toNode} never became ready (or failed, or its node went away). The stream kept running where it
 * was; no new move of it starts before {@code retryAfterMs}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MoveFailure(String toNode, long epoch, String purpose, String reason, long atMs, long retryAfterMs) {}
