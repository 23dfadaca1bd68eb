package io.streamfleet.simulation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The streams' cameras: which are away (dropped, unreachable) now. A {@link Fault.CameraAway}
 * changes this ground truth; each agent's driver hears of it and its instances of that stream
 * say degraded, or running again, as {@code ConnectingFrameSource} does.
 */
final class Cameras {
  /** A driver whose instances of {@code streamId} must react. */
  interface Watcher {
    void changed(String streamId);
  }

  /** How many camera-away faults hold each camera away now (they may overlap). */
  private final Map<String, Integer> away = new TreeMap<>();
  private final List<Watcher> watchers = new ArrayList<>();

  boolean isAway(String streamId) {
    return away.containsKey(streamId);
  }

  void goAway(String streamId) {
    if (away.merge(streamId, 1, Integer::sum) == 1) {
      watchers.forEach(w -> w.changed(streamId));
    }
  }

  void comeBack(String streamId) {
    if (away.merge(streamId, -1, (a, b) -> a + b == 0 ? null : a + b) == null) {
      watchers.forEach(w -> w.changed(streamId));
    }
  }

  void watch(Watcher w) {
    watchers.add(w);
  }
}
