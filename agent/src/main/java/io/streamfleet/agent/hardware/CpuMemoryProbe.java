package io.streamfleet.agent.hardware;

/**
 * The CPU and memory facts that need a platform library to read. Kept this small so tests can
 * fake a 64-thread server on a 2-thread build machine.
 */
public interface CpuMemoryProbe {
  /** Logical processors, at least 1. */
  int cpuThreads();

  /** The processor's name, or an empty string when the platform does not say. */
  String cpuModel();

  /** Total physical memory in bytes as the kernel reports it. */
  long totalMemoryBytes();

  /** The probe for the machine the JVM runs on. */
  static CpuMemoryProbe oshi() {
    return new OshiCpuMemoryProbe();
  }
}
