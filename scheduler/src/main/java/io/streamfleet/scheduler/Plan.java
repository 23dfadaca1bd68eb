package io.streamfleet.scheduler;

import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What one planning round decided.
 *
 * @param placements streams that need placing, and where they go
 * @param evictions running lower-priority streams displaced to make room for a higher-priority
 *     one (they become pending, with the reason)
 * @param unplaceable streams that fit nowhere, with a reason naming the binding constraint
 */
public record Plan(List<Placement> placements, List<Eviction> evictions, SortedMap<String, String> unplaceable) {
  public Plan {
    placements = List.copyOf(placements);
    evictions = List.copyOf(evictions);
    unplaceable = new TreeMap<>(unplaceable);
  }

  public static Plan empty() {
    return new Plan(List.of(), List.of(), new TreeMap<>());
  }

  public boolean isEmpty() {
    return placements.isEmpty() && evictions.isEmpty() && unplaceable.isEmpty();
  }

  /** Stream {@code streamId} goes to {@code node}. */
  public record Placement(String streamId, String node) {}

  /** {@code streamId} leaves {@code node} so that {@code forStream} (higher priority) fits. */
  public record Eviction(String streamId, String node, String forStream, String reason) {}

  public Map<String, String> placementsByStream() {
    Map<String, String> m = new TreeMap<>();
    placements.forEach(p -> m.put(p.streamId(), p.node()));
    return m;
  }
}
