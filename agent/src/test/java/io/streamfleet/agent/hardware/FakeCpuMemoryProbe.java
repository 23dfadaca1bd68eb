package io.streamfleet.agent.hardware;

/** Test double: a probe that reports fixed CPU and memory figures. */
record FakeCpuMemoryProbe(int cpuThreads, String cpuModel, long totalMemoryBytes) implements CpuMemoryProbe {
  private static final long GIB = 1024L * 1024 * 1024;

  static FakeCpuMemoryProbe threadsAndGib(int threads, long gib) {
    return new FakeCpuMemoryProbe(threads, "Fake CPU @ 3.0GHz", gib * GIB);
  }
}
