package io.streamfleet.agent.session;

/** The node's measured CPU and memory use, in percent, for heartbeats. */
public interface NodeUsageProbe {
  double[] cpuAndMemoryPercent();

  NodeUsageProbe NONE = () -> new double[] {0, 0};
}
