package io.streamfleet.scheduler;

import io.streamfleet.model.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;

/** Adds up capacity, allocation, measured use and headroom over nodes, for the cluster and per zone. */
final class CapacityTotals {
  private int nodes;
  private long capacityCpu;
  private long capacityMemory;
  private long capacityGpu;
  private long allocatedCpu;
  private long allocatedMemory;
  private long allocatedGpu;
  private long usedCpu;
  private long usedMemory;
  private long usedGpu;
  private long headroomCpu;
  private long headroomMemory;
  private long headroomGpu;

  static CapacityReport.Totals ofCluster(ClusterLoad load) {
    return of(load.all());
  }

  /** Zone to its totals; nodes without a zone under {@link CapacityReport#NO_ZONE}. */
  static SortedMap<String, CapacityReport.Totals> byZone(ClusterLoad load) {
    SortedMap<String, List<NodeLoad>> zones = new TreeMap<>();
    for (NodeLoad n : load.all()) {
      zones.computeIfAbsent(CapacityPlanner.zoneName(n.node()), z -> new ArrayList<>()).add(n);
    }
    SortedMap<String, CapacityReport.Totals> totals = new TreeMap<>();
    zones.forEach((zone, members) -> totals.put(zone, of(members)));
    return totals;
  }

  private static CapacityReport.Totals of(List<NodeLoad> members) {
    CapacityTotals t = new CapacityTotals();
    members.forEach(t::add);
    return t.totals();
  }

  /**
   * Headroom is clamped at zero per node: an over-committed node has no room, and its deficit does
   * not cancel another node's room.
   */
  private void add(NodeLoad n) {
    Resources capacity = n.node().capacity();
    nodes++;
    capacityCpu += capacity.cpuMillis();
    capacityMemory += capacity.memoryMb();
    capacityGpu += capacity.gpu();
    allocatedCpu += n.cpu();
    allocatedMemory += n.memory();
    allocatedGpu += n.gpu();
    Resources measured = n.node().measured();
    if (measured != null) {
      usedCpu += measured.cpuMillis();
      usedMemory += measured.memoryMb();
      usedGpu += measured.gpu();
    }
    headroomCpu += Math.max(0, n.freeCpu());
    headroomMemory += Math.max(0, n.freeMemory());
    headroomGpu += Math.max(0, n.freeGpu());
  }

  private CapacityReport.Totals totals() {
    return new CapacityReport.Totals(nodes, resources(capacityCpu, capacityMemory, capacityGpu),
        resources(allocatedCpu, allocatedMemory, allocatedGpu), resources(usedCpu, usedMemory, usedGpu),
        resources(headroomCpu, headroomMemory, headroomGpu));
  }

  /** Resources holds ints; a sum beyond that (thousands of very large nodes) is shown as the int maximum. */
  private static Resources resources(long cpu, long memory, long gpu) {
    return new Resources(saturated(cpu), saturated(memory), saturated(gpu), null);
  }

  private static int saturated(long value) {
    return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
  }
}
