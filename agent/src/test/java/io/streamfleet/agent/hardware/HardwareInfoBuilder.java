package io.streamfleet.agent.hardware;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test data: a {@link HardwareInfo} for an ordinary 4-thread, 8 GiB desktop with no GPU, so each
 * test states only what it is about. The node class is derived from the other fields unless set.
 */
final class HardwareInfoBuilder {
  private int cpuThreads = 4;
  private String cpuModel = "Test CPU";
  private long memoryMb = 8 * 1024;
  private final List<Gpu> gpus = new ArrayList<>();
  private final List<Accelerator> accelerators = new ArrayList<>();
  private boolean hasBattery;
  private NodeClass nodeClass;

  private HardwareInfoBuilder() {}

  static HardwareInfoBuilder aHardwareInfo() {
    return new HardwareInfoBuilder();
  }

  HardwareInfoBuilder withCpuThreads(int value) {
    this.cpuThreads = value;
    return this;
  }

  HardwareInfoBuilder withCpuModel(String value) {
    this.cpuModel = value;
    return this;
  }

  HardwareInfoBuilder withMemoryMb(long value) {
    this.memoryMb = value;
    return this;
  }

  HardwareInfoBuilder withNvidiaGpus(int count) {
    for (int i = 0; i < count; i++) {
      gpus.add(new Gpu(Gpu.Kind.NVIDIA, Path.of("/dev/nvidia" + i), "Test GPU"));
    }
    return this;
  }

  HardwareInfoBuilder withRenderNode(String driver) {
    gpus.add(new Gpu(Gpu.Kind.DRI, Path.of("/dev/dri/renderD" + (128 + gpus.size())), driver));
    return this;
  }

  HardwareInfoBuilder withAccelerator(Accelerator.Kind kind) {
    String device = kind == Accelerator.Kind.HAILO ? "/dev/hailo" : "/dev/apex_";
    accelerators.add(new Accelerator(kind, Path.of(device + accelerators.size())));
    return this;
  }

  HardwareInfoBuilder withBattery() {
    this.hasBattery = true;
    return this;
  }

  HardwareInfoBuilder withNodeClass(NodeClass value) {
    this.nodeClass = value;
    return this;
  }

  HardwareInfo build() {
    NodeClass cls = nodeClass != null ? nodeClass : NodeClassifier.classify(cpuThreads, memoryMb, hasBattery);
    return new HardwareInfo(cpuThreads, cpuModel, memoryMb, gpus, accelerators, hasBattery, cls);
  }
}
