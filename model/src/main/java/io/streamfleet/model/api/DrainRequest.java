package io.streamfleet.model.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The optional body of {@code POST /nodes/{id}/drain}: at most {@code max_parallel} streams move
 * away at a time (default {@link io.streamfleet.model.Drain#DEFAULT_MAX_PARALLEL}), and the drain
 * should be done within {@code deadline_s} seconds (default ten minutes).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DrainRequest(Integer maxParallel, Long deadlineS) {}
