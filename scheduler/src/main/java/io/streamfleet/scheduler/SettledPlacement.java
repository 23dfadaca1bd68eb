package io.streamfleet.scheduler;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * Where a cluster's streams end up once the server has applied plans until nothing changes: a
 * round's evicted streams go back to pending and the next round places them (or not). Capacity
 * questions ("would everything still fit?") are asked of this settled state.
 *
 * @param streams every stream, placed ones with their node
 * @param unplaceable streams that fit nowhere, with the reason from the last round
 */
record SettledPlacement(List<StreamSlot> streams, SortedMap<String, String> unplaceable) {
  /**
   * Each round can only evict streams of lower priority than the round before could, so the
   * rounds end; this bound only guards against a bug turning that into a loop.
   */
  static final int MAX_ROUNDS = 64;

  static final String STILL_DISPLACED = "still displaced after " + MAX_ROUNDS + " planning rounds";

  /**
   * @param stopAtFirstUnplaceable give up as soon as one stream fits nowhere (the result then
   *     names only that stream)
   */
  static SettledPlacement of(Scheduler scheduler, List<NodeSlot> nodes, List<StreamSlot> streams,
      boolean stopAtFirstUnplaceable) {
    List<StreamSlot> current = streams;
    for (int round = 0; round < MAX_ROUNDS; round++) {
      ClusterSnapshot snapshot = new ClusterSnapshot(nodes, current);
      Plan plan = scheduler.planRound(snapshot, stopAtFirstUnplaceable);
      if (stopAtFirstUnplaceable && !plan.unplaceable().isEmpty()) {
        return new SettledPlacement(current, plan.unplaceable());
      }
      if (plan.placements().isEmpty() && plan.evictions().isEmpty()) {
        return new SettledPlacement(current, plan.unplaceable());
      }
      current = applied(current, plan);
      if (plan.evictions().isEmpty()) {
        return new SettledPlacement(current, plan.unplaceable());
      }
    }
    SortedMap<String, String> displaced = new TreeMap<>();
    Set<String> live = new HashSet<>();
    nodes.forEach(n -> live.add(n.id()));
    for (StreamSlot s : current) {
      if (s.node() == null || !live.contains(s.node())) {
        displaced.put(s.id(), STILL_DISPLACED);
      }
    }
    return new SettledPlacement(current, displaced);
  }

  /** The streams after the server applied {@code plan}: placed ones on their node, evicted ones pending. */
  static List<StreamSlot> applied(List<StreamSlot> streams, Plan plan) {
    Map<String, String> placed = plan.placementsByStream();
    Set<String> evicted = new HashSet<>();
    plan.evictions().forEach(e -> evicted.add(e.streamId()));
    List<StreamSlot> next = new ArrayList<>(streams.size());
    for (StreamSlot s : streams) {
      String node = placed.get(s.id());
      if (node != null) {
        next.add(s.onNode(node));
      } else if (evicted.contains(s.id())) {
        next.add(s.onNode(null));
      } else {
        next.add(s);
      }
    }
    return next;
  }
}
