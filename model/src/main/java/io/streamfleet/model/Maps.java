package io.streamfleet.model;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/** Sorted, unmodifiable map copies: deterministic iteration order for state and JSON. */
public final class Maps {
  private Maps() {}

  public static SortedMap<String, String> sortedCopy(Map<String, String> map) {
    if (map == null || map.isEmpty()) {
      return Collections.emptySortedMap();
    }
    return Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }
}
