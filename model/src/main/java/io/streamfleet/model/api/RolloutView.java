package io.streamfleet.model.api;

import io.streamfleet.model.UpdatePolicy;
import io.streamfleet.model.rollout.RolloutStatus;

/**
 * {@code GET /rollouts}: one processor version reaching the streams that use the processor, with
 * counts from the state now.
 *
 * @param fromVersion the version before it (what a revert goes back to)
 * @param revertOf the version this rollout reverts, or 0 when it is not a revert
 * @param endedMs when it finished (succeeded, reverted, superseded), or 0 while active
 * @param failures streams whose update failed (never ready, or failed before they were healthy)
 * @param promoted an operator promoted it past its canary
 * @param streams placed streams that use the processor
 * @param updated those of them that run this version
 * @param inFlight streams whose new instance at this version is starting beside the old one
 * @param healthy updated streams that are running and have run this version at least the
 *     policy's {@code min_healthy_time_ms}
 */
public record RolloutView(
    String processor,
    long version,
    long fromVersion,
    RolloutStatus status,
    String reason,
    long startedMs,
    long endedMs,
    UpdatePolicy policy,
    int failures,
    boolean promoted,
    long revertOf,
    int streams,
    int updated,
    int inFlight,
    int healthy) {}
