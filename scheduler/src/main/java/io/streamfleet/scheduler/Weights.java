package io.streamfleet.scheduler;

/**
 * Soft-scoring weights and the rebalancing band; documented for operators in docs/scheduler.md.
 *
 * @param allocatedCpu weight of allocated cpu_millis as a fraction of the node's CPU capacity
 * @param allocatedMemory weight of allocated memory as a fraction of the node's memory capacity
 * @param measuredCpu weight of the CPU the node reports using, as a fraction of its capacity
 * @param rebalanceHysteresis the imbalance ({@link Scheduler#imbalance}) at or below which
 *     rebalancing makes no moves
 */
public record Weights(double allocatedCpu, double allocatedMemory, double measuredCpu, double rebalanceHysteresis) {
  public static final Weights DEFAULT = new Weights(1.0, 0.5, 0.5, 0.02);

  public Weights {
    requireNonNegative("allocatedCpu", allocatedCpu);
    requireNonNegative("allocatedMemory", allocatedMemory);
    requireNonNegative("measuredCpu", measuredCpu);
    requireNonNegative("rebalanceHysteresis", rebalanceHysteresis);
  }

  private static void requireNonNegative(String name, double value) {
    if (!(value >= 0) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("weight " + name + " is " + value + "; it must be a finite number >= 0"
          + " (defaults: allocatedCpu 1.0, allocatedMemory 0.5, measuredCpu 0.5, rebalanceHysteresis 0.02)");
    }
  }
}
