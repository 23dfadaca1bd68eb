package io.streamfleet.model.job;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One run of a job, for its history.
 *
 * @param epoch the attempt's instance number (grows with every dispatch, preemptions included)
 * @param counted whether it counts against the retry policy (preempted and lost-lease attempts of
 *     HTTP workers that never started do not)
 * @param outcome succeeded, failed, timed_out, preempted, lost (its node died), canceled
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record JobAttempt(long epoch, String node, boolean counted, String outcome, String reason, long startedMs, long endedMs) {}
