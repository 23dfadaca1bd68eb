package io.streamfleet.agent.hardware;

import oshi.SystemInfo;
import oshi.hardware.CentralProcessor;
import oshi.hardware.HardwareAbstractionLayer;

/** Reads CPU and memory facts through OSHI, which knows each platform's sources. */
public final class OshiCpuMemoryProbe implements CpuMemoryProbe {
  private final HardwareAbstractionLayer hardware = new SystemInfo().getHardware();

  @Override
  public int cpuThreads() {
    // OSHI reports 0 where it cannot tell; the JVM's own count is a safe floor.
    int logical = processor().getLogicalProcessorCount();
    return logical > 0 ? logical : Runtime.getRuntime().availableProcessors();
  }

  @Override
  public String cpuModel() {
    String name = processor().getProcessorIdentifier().getName();
    return name == null ? "" : name.strip();
  }

  @Override
  public long totalMemoryBytes() {
    return hardware.getMemory().getTotal();
  }

  private CentralProcessor processor() {
    return hardware.getProcessor();
  }
}
