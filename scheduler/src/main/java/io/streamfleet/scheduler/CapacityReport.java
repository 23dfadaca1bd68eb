package io.streamfleet.scheduler;

import io.streamfleet.model.Resources;
import java.util.List;
import java.util.SortedMap;

/**
 * Capacity planning figures.
 *
 * @param survivesNodeLoss the largest k such that losing the k biggest nodes still leaves every
 *     stream placeable
 * @param survivesZoneLoss per zone: whether losing every node of that zone leaves every stream
 *     placeable
 * @param unplaceable streams that cannot be placed even with every node up
 */
public record CapacityReport(
    Totals cluster, SortedMap<String, Totals> zones, int survivesNodeLoss, SortedMap<String, Boolean> survivesZoneLoss,
    List<String> unplaceable) {

  /** The key in {@link #zones} and {@link #survivesZoneLoss} for nodes that have no zone. */
  public static final String NO_ZONE = "(no zone)";

  /** capacity, allocated (reserved by streams), used (measured), headroom = capacity - allocated. */
  public record Totals(int nodes, Resources capacity, Resources allocated, Resources used, Resources headroom) {}
}
