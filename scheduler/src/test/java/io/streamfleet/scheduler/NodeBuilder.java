package io.streamfleet.scheduler;

import io.streamfleet.model.Resources;
import java.util.SortedMap;
import java.util.TreeMap;

/** Test data: a ready node with 4000 cpu_millis and 4096 MiB unless a {@code with...} call says otherwise. */
final class NodeBuilder {
  private final String id;
  private String zone;
  private final SortedMap<String, String> labels = new TreeMap<>();
  private int cpu = 4000;
  private int memory = 4096;
  private int gpu;
  private String accelerator;
  private boolean schedulable = true;
  private Resources measured;

  private NodeBuilder(String id) {
    this.id = id;
  }

  static NodeBuilder aNode(String id) {
    return new NodeBuilder(id);
  }

  NodeBuilder inZone(String value) {
    zone = value;
    return this;
  }

  NodeBuilder withCpu(int value) {
    cpu = value;
    return this;
  }

  NodeBuilder withMemory(int value) {
    memory = value;
    return this;
  }

  NodeBuilder withGpu(int value) {
    gpu = value;
    return this;
  }

  NodeBuilder withAccelerator(String value) {
    accelerator = value;
    return this;
  }

  NodeBuilder withLabel(String key, String value) {
    labels.put(key, value);
    return this;
  }

  NodeBuilder notSchedulable() {
    schedulable = false;
    return this;
  }

  NodeBuilder measuring(int cpuMillis, int memoryMb) {
    measured = Resources.of(cpuMillis, memoryMb);
    return this;
  }

  NodeSlot build() {
    return new NodeSlot(id, zone, labels, new Resources(cpu, memory, gpu, accelerator), schedulable, measured);
  }
}
