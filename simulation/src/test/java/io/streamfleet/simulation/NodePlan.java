package io.streamfleet.simulation;

import io.streamfleet.model.Resources;

/**
 * One node of a simulated cluster.
 *
 * @param zone its zone, or null
 * @param startAtMs when its agent first starts, relative to the start of the run
 */
record NodePlan(String id, String zone, Resources capacity, long startAtMs) {}
