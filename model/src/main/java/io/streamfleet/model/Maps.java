package io.streamfleet.model;

import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Sorted, unmodifiable map copies: deterministic iteration order for state and JSON. */
public final class Maps {
  private Maps() {}

  public static SortedSet<String> sortedCopy(Collection<String> set) {
    if (set == null || set.isEmpty()) {
      return Collections.emptySortedSet();
    }
    return Collections.unmodifiableSortedSet(new TreeSet<>(set));
  }

  public static SortedMap<String, String> sortedCopy(Map<String, String> map) {
    if (map == null || map.isEmpty()) {
      return Collections.emptySortedMap();
    }
    return Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }
}
