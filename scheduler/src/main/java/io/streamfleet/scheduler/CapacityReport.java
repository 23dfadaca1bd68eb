package io.streamfleet.scheduler;

import io.streamfleet.model.Resources;
import java.util.List;
import java.util.SortedMap;

/**
 * Capacity planning figures (see docs/scheduler.md, "Capacity").
 *
 * @param cluster totals over every live node, ready or not
 * @param zones the same per node zone; nodes without a zone under {@link #NO_ZONE}
 * @param survivesNodeLoss the largest k such that losing the k biggest nodes (most cpu, then
 *     memory, then by id) and re-planning their streams still places every stream that is
 *     placeable now; 0 when losing the biggest one already fails
 * @param survivesZoneLoss per zone: whether losing every node of that zone leaves every stream
 *     that is placeable now placed
 * @param unplaceable streams that cannot be placed even with every node up (sorted ids); they do
 *     not count against the loss figures
 */
public record CapacityReport(
    Totals cluster, SortedMap<String, Totals> zones, int survivesNodeLoss, SortedMap<String, Boolean> survivesZoneLoss,
    List<String> unplaceable) {

  /** The key in {@link #zones} and {@link #survivesZoneLoss} for nodes that have no zone. */
  public static final String NO_ZONE = "(no zone)";

  /**
   * capacity, allocated (reserved by the streams on these nodes), used (sum of the measurements of
   * the nodes that report them), headroom = capacity - allocated, summed per node with a node's
   * negative remainder counted as 0.
   */
  public record Totals(int nodes, Resources capacity, Resources allocated, Resources used, Resources headroom) {}
}
