package io.streamfleet.scheduler;

import io.streamfleet.model.Resources;
import java.util.List;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/** Test data: an unplaced stream of 500 cpu_millis / 256 MiB, any zone, priority 0, unless told otherwise. */
final class StreamBuilder {
  private final String id;
  private int cpu = 500;
  private int memory = 256;
  private int gpu;
  private String accelerator;
  private String zone;
  private final SortedSet<String> overlapZones = new TreeSet<>();
  private final SortedMap<String, String> selector = new TreeMap<>();
  private int priority;
  private String spreadGroup;
  private String node;

  private StreamBuilder(String id) {
    this.id = id;
  }

  static StreamBuilder aStream(String id) {
    return new StreamBuilder(id);
  }

  StreamBuilder withCpu(int value) {
    cpu = value;
    return this;
  }

  StreamBuilder withMemory(int value) {
    memory = value;
    return this;
  }

  StreamBuilder withGpu(int value) {
    gpu = value;
    return this;
  }

  StreamBuilder withAccelerator(String value) {
    accelerator = value;
    return this;
  }

  StreamBuilder inZone(String value) {
    zone = value;
    return this;
  }

  StreamBuilder overlapping(String... zones) {
    overlapZones.addAll(List.of(zones));
    return this;
  }

  StreamBuilder selecting(String key, String value) {
    selector.put(key, value);
    return this;
  }

  StreamBuilder withPriority(int value) {
    priority = value;
    return this;
  }

  StreamBuilder inSpreadGroup(String value) {
    spreadGroup = value;
    return this;
  }

  StreamBuilder on(String value) {
    node = value;
    return this;
  }

  StreamSlot build() {
    return new StreamSlot(id, new Resources(cpu, memory, gpu, accelerator), zone, overlapZones, selector, priority,
        spreadGroup, node);
  }
}
