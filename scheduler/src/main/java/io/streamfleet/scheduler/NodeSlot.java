package io.streamfleet.scheduler;

import io.streamfleet.model.Resources;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A node as the scheduler sees it.
 *
 * @param capacity what the node offers (reservable resources)
 * @param schedulable false when the node takes no new streams (suspect, cordoned, draining,
 *     flapping); streams already on it stay
 * @param measured what the node's heartbeats say it really uses (cpu and memory), or null when
 *     unknown
 */
public record NodeSlot(
    String id, String zone, SortedMap<String, String> labels, Resources capacity, boolean schedulable, Resources measured) {

  public NodeSlot {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(capacity, "capacity");
    labels = labels == null ? new TreeMap<>() : new TreeMap<>(labels);
  }

  public static NodeSlot of(String id, String zone, Resources capacity) {
    return new NodeSlot(id, zone, null, capacity, true, null);
  }
}
