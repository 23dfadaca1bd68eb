package io.streamfleet.agent.hardware;

import io.streamfleet.model.Resources;

/**
 * Turns detected hardware into the capacity a node advertises to the scheduler.
 *
 * <ul>
 *   <li><b>Detected</b>: {@code cpuMillis = threads × 1000 − reservedCpuMillis} and {@code memoryMb =
 *       total − reservedMemoryMb}. The reservation keeps room for the agent itself and the OS, so
 *       a full node still answers heartbeats.
 *   <li><b>Overridden</b> ({@code --cpu-millis}, {@code --memory-mb}): the value is advertised
 *       <em>exactly</em>, with no reservation subtracted and no minimum applied. An override
 *       exists to pretend a node is a given size (three "nodes" of 1000 millis on one laptop), and
 *       a flag that silently came out 250 millis smaller would defeat that. Each dimension is
 *       decided on its own: overriding CPU still subtracts the memory reservation.
 *   <li><b>Floor</b>: a detected amount minus its reservation is clamped up to {@value
 *       #MIN_CPU_MILLIS} cpu millis and {@value #MIN_MEMORY_MB} MiB, so a tiny machine (or a large
 *       reservation) never advertises zero or a negative amount. Such a node is then slightly
 *       oversubscribed rather than unusable.
 *   <li><b>Ceiling</b>: amounts are capped at {@link Resources#MAX_CPU_MILLIS} and {@link
 *       Resources#MAX_MEMORY_MB}, which the model rejects above.
 *   <li><b>GPUs</b>: the number of NVIDIA GPUs (render nodes are not scheduled; see {@link Gpu}).
 *   <li><b>Accelerator</b>: the kind of the first accelerator found, or null; a node advertises
 *       one accelerator kind.
 * </ul>
 */
public final class AgentCapacity {
  public static final int DEFAULT_RESERVED_CPU_MILLIS = 250;
  public static final int DEFAULT_RESERVED_MEMORY_MB = 256;
  public static final int MIN_CPU_MILLIS = 100;
  public static final int MIN_MEMORY_MB = 64;

  private AgentCapacity() {}

  /**
   * Capacity with the default reservation of {@value #DEFAULT_RESERVED_CPU_MILLIS} cpu millis and
   * {@value #DEFAULT_RESERVED_MEMORY_MB} MiB.
   */
  public static Resources of(HardwareInfo hw, Integer cpuMillisOverride, Integer memoryMbOverride) {
    return of(hw, cpuMillisOverride, memoryMbOverride, DEFAULT_RESERVED_CPU_MILLIS, DEFAULT_RESERVED_MEMORY_MB);
  }

  /**
   * @param cpuMillisOverride the {@code --cpu-millis} flag, or null to use the detected threads
   * @param memoryMbOverride the {@code --memory-mb} flag, or null to use the detected memory
   * @param reservedCpuMillis kept back from detected CPU; 0 or more
   * @param reservedMemoryMb kept back from detected memory; 0 or more
   * @throws IllegalArgumentException when an override is outside 1..maximum or a reservation is
   *     negative; the message names the flag, the value and the accepted range
   */
  public static Resources of(
      HardwareInfo hw,
      Integer cpuMillisOverride,
      Integer memoryMbOverride,
      int reservedCpuMillis,
      int reservedMemoryMb) {
    requireNotNegative("reserved cpu millis", reservedCpuMillis);
    requireNotNegative("reserved memory MiB", reservedMemoryMb);

    int cpuMillis =
        cpuMillisOverride != null
            ? requireInRange("--cpu-millis", cpuMillisOverride, Resources.MAX_CPU_MILLIS,
                "the detected " + hw.cpuThreads() + " threads")
            : clamp(hw.cpuThreads() * 1000L - reservedCpuMillis, MIN_CPU_MILLIS, Resources.MAX_CPU_MILLIS);
    int memoryMb =
        memoryMbOverride != null
            ? requireInRange("--memory-mb", memoryMbOverride, Resources.MAX_MEMORY_MB,
                "the detected " + hw.memoryMb() + " MiB")
            : clamp(hw.memoryMb() - reservedMemoryMb, MIN_MEMORY_MB, Resources.MAX_MEMORY_MB);
    int gpus = (int) Math.min(hw.nvidiaGpuCount(), Resources.MAX_GPU);
    String accelerator = hw.accelerators().isEmpty() ? null : hw.accelerators().getFirst().kind().wireName();
    return new Resources(cpuMillis, memoryMb, gpus, accelerator);
  }

  private static int clamp(long value, int min, int max) {
    return (int) Math.max(min, Math.min(max, value));
  }

  private static void requireNotNegative(String what, int value) {
    if (value < 0) {
      throw new IllegalArgumentException(what + " was " + value + "; expected 0 or more");
    }
  }

  private static int requireInRange(String flag, int value, int max, String fallback) {
    if (value < 1 || value > max) {
      throw new IllegalArgumentException(
          flag + " was " + value + "; expected 1.." + max + ". Pass a value in that range, or leave "
              + flag + " out to use " + fallback + ".");
    }
    return value;
  }
}
