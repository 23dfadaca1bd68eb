package io.streamfleet.agent.hardware;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The CPU ticks of each process in one tree at one moment; two readings give a rate.
 *
 * <p>The rate compares process by process, not tree totals, so that a child exiting between two
 * readings does not make the tree's time go backwards. What a child used between the earlier
 * reading and its exit is lost (it moves into the parent's "children" counters only once reaped),
 * so a tree of short-lived children reads low. A process absent from the earlier reading was
 * born since, and all its ticks count.
 *
 * @param nanos a monotonic timestamp ({@link System#nanoTime()}-like) of the reading
 * @param cpuTicks user + system ticks per process
 */
record TreeCpuReading(long nanos, Map<ProcessStat.Identity, Long> cpuTicks) {

  TreeCpuReading {
    cpuTicks = Map.copyOf(cpuTicks);
  }

  static TreeCpuReading of(long nanos, List<ProcessStat> tree) {
    return new TreeCpuReading(
        nanos, tree.stream().collect(Collectors.toMap(ProcessStat::identity, ProcessStat::cpuTicks)));
  }

  /**
   * CPU used since {@code earlier} as a percentage of one thread (two busy threads read 200).
   * Zero when no time has passed.
   */
  double percentOfOneThreadSince(TreeCpuReading earlier, long ticksPerSecond) {
    long elapsedNanos = nanos - earlier.nanos;
    if (elapsedNanos <= 0) {
      return 0;
    }
    long ticks = 0;
    for (Map.Entry<ProcessStat.Identity, Long> now : cpuTicks.entrySet()) {
      ticks += Math.max(0, now.getValue() - earlier.cpuTicks.getOrDefault(now.getKey(), 0L));
    }
    double cpuSeconds = (double) ticks / ticksPerSecond;
    return 100.0 * cpuSeconds / (elapsedNanos / 1e9);
  }
}
