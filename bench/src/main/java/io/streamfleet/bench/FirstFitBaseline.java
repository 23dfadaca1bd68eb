package io.streamfleet.bench;

import io.streamfleet.model.Resources;
import io.streamfleet.scheduler.ClusterSnapshot;
import io.streamfleet.scheduler.NodeSlot;
import io.streamfleet.scheduler.StreamSlot;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The naive placement the scheduler is measured against: each pending stream, in snapshot
 * order, goes to the first node in snapshot order that is ready, in a zone the stream may use,
 * and has room. No spread, no zone preference, no balance: the cheapest thing that is correct
 * about capacity. O(nodes) per placement.
 */
final class FirstFitBaseline {
  private FirstFitBaseline() {}

  /** The snapshot's streams after placing the pending ones; streams that fit nowhere stay unplaced. */
  static List<StreamSlot> place(ClusterSnapshot snapshot) {
    List<NodeSlot> nodes = snapshot.nodes();
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < nodes.size(); i++) {
      index.put(nodes.get(i).id(), i);
    }
    long[] freeCpu = new long[nodes.size()];
    long[] freeMemory = new long[nodes.size()];
    long[] freeGpu = new long[nodes.size()];
    for (int i = 0; i < nodes.size(); i++) {
      Resources c = nodes.get(i).capacity();
      freeCpu[i] = c.cpuMillis();
      freeMemory[i] = c.memoryMb();
      freeGpu[i] = c.gpu();
    }
    for (StreamSlot s : snapshot.streams()) {
      Integer on = s.node() == null ? null : index.get(s.node());
      if (on != null) {
        freeCpu[on] -= s.request().cpuMillis();
        freeMemory[on] -= s.request().memoryMb();
        freeGpu[on] -= s.request().gpu();
      }
    }
    List<StreamSlot> result = new ArrayList<>(snapshot.streams().size());
    for (StreamSlot s : snapshot.streams()) {
      if (s.node() != null && index.containsKey(s.node())) {
        result.add(s);
        continue;
      }
      Resources r = s.request();
      String chosen = null;
      for (int i = 0; i < nodes.size() && chosen == null; i++) {
        NodeSlot n = nodes.get(i);
        if (n.schedulable() && reachable(s, n) && freeCpu[i] >= r.cpuMillis() && freeMemory[i] >= r.memoryMb()
            && freeGpu[i] >= r.gpu()) {
          freeCpu[i] -= r.cpuMillis();
          freeMemory[i] -= r.memoryMb();
          freeGpu[i] -= r.gpu();
          chosen = n.id();
        }
      }
      result.add(chosen == null ? s : s.onNode(chosen));
    }
    return result;
  }

  private static boolean reachable(StreamSlot s, NodeSlot n) {
    return s.zone() == null || s.zone().equals(n.zone()) || s.overlapZones().contains(StreamSlot.ANY_ZONE)
        || (n.zone() != null && s.overlapZones().contains(n.zone()));
  }
}
