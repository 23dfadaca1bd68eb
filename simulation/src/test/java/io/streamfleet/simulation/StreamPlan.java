package io.streamfleet.simulation;

import io.streamfleet.model.StreamSpec;

/** A stream of a simulated cluster, created through the API at {@code createAtMs} into the run. */
record StreamPlan(StreamSpec spec, long createAtMs) {}
