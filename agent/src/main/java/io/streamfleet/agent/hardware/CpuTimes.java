package io.streamfleet.agent.hardware;

/**
 * The node's cumulative CPU time from the aggregate {@code cpu} line of {@code /proc/stat}, in
 * clock ticks summed over all threads.
 *
 * <p>Busy time is user + nice + system + irq + softirq + steal; idle time is idle + iowait (a
 * thread waiting on disk could run something else). The guest columns are left out because the
 * kernel already counts them inside user and nice.
 */
record CpuTimes(long busyTicks, long idleTicks) {
  /** A reading of zero: the counters' value at boot, so a first delta averages since boot. */
  static final CpuTimes AT_BOOT = new CpuTimes(0, 0);

  private static final int USER = 0, NICE = 1, SYSTEM = 2, IDLE = 3, IOWAIT = 4, IRQ = 5, SOFTIRQ = 6, STEAL = 7;

  static CpuTimes parse(String procStat) {
    String line =
        procStat.lines()
            .filter(l -> l.startsWith("cpu "))
            .findFirst()
            .orElseThrow(() -> new IllegalArgumentException(
                "/proc/stat has no aggregate \"cpu \" line; its first line was: "
                    + procStat.lines().findFirst().orElse("(empty)")));
    String[] fields = line.substring(4).strip().split("\\s+");
    if (fields.length < 4) {
      throw new IllegalArgumentException(
          "/proc/stat cpu line has " + fields.length + " counters; expected at least 4: " + line);
    }
    long[] ticks = new long[8];
    for (int i = 0; i < Math.min(fields.length, ticks.length); i++) {
      ticks[i] = Long.parseLong(fields[i]);
    }
    long busy = ticks[USER] + ticks[NICE] + ticks[SYSTEM] + ticks[IRQ] + ticks[SOFTIRQ] + ticks[STEAL];
    return new CpuTimes(busy, ticks[IDLE] + ticks[IOWAIT]);
  }

  /**
   * The busy share of CPU time between {@code earlier} and this reading, 0–100. Zero when no time
   * passed. Clamped, because iowait is known to step backwards on some kernels.
   */
  double busyPercentSince(CpuTimes earlier) {
    long busy = busyTicks - earlier.busyTicks;
    long total = busy + (idleTicks - earlier.idleTicks);
    if (total <= 0) {
      return 0;
    }
    return Math.max(0, Math.min(100, 100.0 * busy / total));
  }
}
