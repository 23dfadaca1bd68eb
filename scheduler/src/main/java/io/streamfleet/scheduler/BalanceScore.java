package io.streamfleet.scheduler;

import io.streamfleet.model.Resources;

/**
 * The balanced-allocation score a node is ranked by; lower means less loaded and is preferred.
 *
 * <pre>
 *   score = allocatedCpu    * (allocated cpu    / cpu capacity)
 *         + allocatedMemory * (allocated memory / memory capacity)
 *         + measuredCpu     * (measured cpu     / cpu capacity)
 * </pre>
 *
 * The measured term is what makes a node whose processors really burn CPU look fuller than its
 * reservations say. Measurements come from the last heartbeat, before this round placed
 * anything, so the round adds the CPU it places (and subtracts what it evicts) to the measured
 * figure. A node that has not reported measurements counts its allocation as its measured CPU:
 * it is then ranked on allocation alone but stays comparable with measured nodes (treating
 * "unknown" as 0 would make every unmeasured node look idle and attract everything).
 */
final class BalanceScore {
  private BalanceScore() {}

  /**
   * @param allocatedCpu what the node's streams reserve in cpu_millis
   * @param allocatedMemory what they reserve in MiB
   * @param cpuPlacedThisRound the cpu_millis this round added (less what it evicted), which the
   *     node's last measurement cannot include yet
   */
  static double of(NodeSlot node, long allocatedCpu, long allocatedMemory, long cpuPlacedThisRound, Weights w) {
    Resources capacity = node.capacity();
    double cpu = fraction(allocatedCpu, capacity.cpuMillis());
    double memory = fraction(allocatedMemory, capacity.memoryMb());
    Resources measured = node.measured();
    double measuredCpu = measured == null
        ? cpu
        : fraction(Math.max(0, measured.cpuMillis() + cpuPlacedThisRound), capacity.cpuMillis());
    return w.allocatedCpu() * cpu + w.allocatedMemory() * memory + w.measuredCpu() * measuredCpu;
  }

  /** used / capacity; a node with no capacity of a kind counts as full once anything uses it. */
  static double fraction(long used, int capacity) {
    if (capacity > 0) {
      return (double) used / capacity;
    }
    return used > 0 ? 1.0 : 0.0;
  }
}
