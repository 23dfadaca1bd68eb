package io.streamfleet.model.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.streamfleet.model.Resources;
import java.util.List;
import java.util.SortedMap;

/**
 * {@code GET /capacity}: totals per resource for the cluster and per zone, and how much failure
 * the cluster can absorb with every stream still placed.
 *
 * @param survivesNodeLoss the largest k such that losing the k biggest nodes leaves every stream
 *     that is placeable now placeable
 * @param survivesZoneLoss per zone: whether losing all of its nodes leaves every stream placeable
 * @param unplaceable streams that fit nowhere even with every node up
 * @param whatIf the answer to {@code ?add_streams=N&like=ID}, when asked
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CapacityView(
    Totals cluster, SortedMap<String, Totals> zones, int survivesNodeLoss, SortedMap<String, Boolean> survivesZoneLoss,
    List<String> unplaceable, WhatIf whatIf) {

  /** allocated = reserved by streams; used = measured (ready nodes that reported); headroom = capacity - allocated. */
  public record Totals(int nodes, Resources capacity, Resources allocated, Resources used, Resources headroom) {}

  /** Adding {@code requested} streams like {@code like}: how many would be placed, and why not the rest. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record WhatIf(String like, int requested, int placeable, String reason, Integer survivesNodeLossAfter) {}
}
