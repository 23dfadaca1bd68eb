package io.streamfleet.scheduler;

/** Soft-scoring weights and rebalancing bounds; documented in docs/scheduler.md. */
public record Weights(double allocatedCpu, double allocatedMemory, double measuredCpu, double rebalanceHysteresis) {
  public static final Weights DEFAULT = new Weights(1.0, 0.5, 0.5, 0.02);
}
