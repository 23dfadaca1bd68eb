package io.streamfleet.agent.hardware;

import java.util.List;
import java.util.Objects;

/**
 * What a node is made of, as detected once when the agent starts.
 *
 * @param cpuThreads logical processors, at least 1
 * @param cpuModel the processor's marketing name, such as "AMD Ryzen 7 5800X 8-Core Processor"
 * @param memoryMb total memory in MiB as the kernel reports it (slightly less than is fitted)
 * @param gpus NVIDIA devices first, then render nodes, each in device-number order
 * @param accelerators Hailo devices first, then Coral, each in device-number order
 * @param hasBattery whether a system battery (not a mouse's or a headset's) is present
 * @param nodeClass what {@link NodeClassifier} made of the above
 */
public record HardwareInfo(
    int cpuThreads,
    String cpuModel,
    long memoryMb,
    List<Gpu> gpus,
    List<Accelerator> accelerators,
    boolean hasBattery,
    NodeClass nodeClass) {

  public HardwareInfo {
    if (cpuThreads < 1) {
      throw new IllegalArgumentException("cpuThreads was " + cpuThreads + "; a node has at least 1");
    }
    if (memoryMb < 0) {
      throw new IllegalArgumentException("memoryMb was " + memoryMb + "; expected 0 or more");
    }
    Objects.requireNonNull(cpuModel, "cpuModel");
    gpus = List.copyOf(gpus);
    accelerators = List.copyOf(accelerators);
    Objects.requireNonNull(nodeClass, "nodeClass");
  }

  /** The GPUs a processor can be given: NVIDIA devices only (see {@link Gpu}). */
  public long nvidiaGpuCount() {
    return gpus.stream().filter(gpu -> gpu.kind() == Gpu.Kind.NVIDIA).count();
  }
}
