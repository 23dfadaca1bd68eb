package io.streamfleet.simulation;

import io.streamfleet.model.job.JobSpec;

/** A batch job of a simulated cluster, submitted through the API at {@code submitAtMs} into the run. */
record JobPlan(JobSpec spec, long submitAtMs) {}
