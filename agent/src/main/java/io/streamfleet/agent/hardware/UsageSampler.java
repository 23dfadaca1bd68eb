package io.streamfleet.agent.hardware;

import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Samples usage for the heartbeat: the node's CPU and memory, and the CPU and memory of each exec
 * processor's process tree.
 *
 * <h2>Design</h2>
 *
 * CPU usage is a rate, so every figure compares this sample with the previous one, which the
 * sampler remembers: one {@link CpuTimes} for the node and one {@link TreeCpuReading} per root
 * pid. Parsing and arithmetic live in those values; this class only reads {@code /proc}, keeps
 * the previous readings and hands back {@link NodeUsage} and {@link ProcessUsage}.
 *
 * <ul>
 *   <li>The first node sample averages since boot (the counters start at zero then).
 *   <li>The first sample of a tree reports 0 % CPU, since one reading has no rate; its memory
 *       and process count are exact.
 *   <li>A tree whose root has gone reports {@link ProcessUsage#NONE} and is forgotten. Call
 *       {@link #forget(long)} when a processor stops, so a reused pid does not compare with a
 *       stranger's tree.
 * </ul>
 *
 * <p>Methods are synchronized: one heartbeat thread is expected, but a status request may sample
 * at the same time. Node files that cannot be read throw {@link java.io.UncheckedIOException}
 * (no Linux {@code /proc}); a process that exits mid-read is simply skipped.
 */
public final class UsageSampler {
  private final ProcFs proc;
  private final LongSupplier monotonicNanos;
  private final long ticksPerSecond;

  private CpuTimes previousNodeCpu = CpuTimes.AT_BOOT;
  private final Map<Long, TreeCpuReading> previousTreeCpu = new HashMap<>();

  /** The sampler for this machine: {@code /proc}, {@link System#nanoTime()} and {@code getconf CLK_TCK}. */
  public static UsageSampler forThisMachine() {
    return new UsageSampler(Path.of("/proc"), System::nanoTime, ClockTicks.perSecond());
  }

  /**
   * @param procRoot where {@code /proc} is (a temporary directory in tests)
   * @param monotonicNanos a monotonic clock in nanoseconds, for the time between tree samples
   * @param clockTicksPerSecond the unit of the CPU times in {@code /proc}, normally 100
   */
  public UsageSampler(Path procRoot, LongSupplier monotonicNanos, long clockTicksPerSecond) {
    if (clockTicksPerSecond <= 0) {
      throw new IllegalArgumentException(
          "clockTicksPerSecond was " + clockTicksPerSecond + "; expected > 0 (Linux uses 100)");
    }
    this.proc = new ProcFs(Objects.requireNonNull(procRoot, "procRoot"));
    this.monotonicNanos = Objects.requireNonNull(monotonicNanos, "monotonicNanos");
    this.ticksPerSecond = clockTicksPerSecond;
  }

  public synchronized NodeUsage sampleNode() {
    CpuTimes now = proc.cpuTimes();
    double cpuPercent = now.busyPercentSince(previousNodeCpu);
    previousNodeCpu = now;
    return new NodeUsage(cpuPercent, proc.memInfo().usedPercent());
  }

  public ProcessUsage sampleProcessTree(long rootPid) {
    return sampleProcessTrees(List.of(rootPid)).get(rootPid);
  }

  /**
   * Samples several trees from one read of the process table, which is what a heartbeat with many
   * processors wants.
   *
   * @return usage per root pid, in the order given
   */
  public synchronized Map<Long, ProcessUsage> sampleProcessTrees(Collection<Long> rootPids) {
    long now = monotonicNanos.getAsLong();
    List<ProcessStat> table = proc.processes();
    Map<Long, ProcessUsage> usage = new LinkedHashMap<>();
    for (long root : rootPids) {
      usage.put(root, sampleTree(root, table, now));
    }
    return usage;
  }

  /** Drops what is remembered about a tree; its next sample starts over at 0 % CPU. */
  public synchronized void forget(long rootPid) {
    previousTreeCpu.remove(rootPid);
  }

  private ProcessUsage sampleTree(long rootPid, List<ProcessStat> table, long now) {
    List<ProcessStat> tree = ProcessTree.of(rootPid, table);
    if (tree.isEmpty()) {
      previousTreeCpu.remove(rootPid);
      return ProcessUsage.NONE;
    }
    TreeCpuReading reading = TreeCpuReading.of(now, tree);
    TreeCpuReading previous = previousTreeCpu.put(rootPid, reading);
    double cpuPercent = previous == null ? 0 : reading.percentOfOneThreadSince(previous, ticksPerSecond);
    long rssBytes = tree.stream().mapToLong(process -> proc.rssBytes(process.pid())).sum();
    return new ProcessUsage(cpuPercent, rssBytes, tree.size());
  }
}
