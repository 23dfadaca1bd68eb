package io.streamfleet.client;

import io.streamfleet.model.api.JobView;

/**
 * The answer to a job submission.
 *
 * @param created true when the server made a new job (201); false when the request's idempotency
 *     key named a job submitted before (200), which {@code job} then is
 */
public record JobSubmission(JobView job, boolean created) {}
