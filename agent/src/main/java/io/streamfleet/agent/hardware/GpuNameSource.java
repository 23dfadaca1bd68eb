package io.streamfleet.agent.hardware;

import java.time.Duration;
import java.util.List;

/** Where NVIDIA GPU model names come from; faked in tests, {@code nvidia-smi} in production. */
@FunctionalInterface
public interface GpuNameSource {
  /**
   * The model name of each NVIDIA GPU in index order (GPU 0 first), or an empty list when they
   * cannot be read. Never throws.
   */
  List<String> nvidiaGpuNames();

  /** Asks {@code nvidia-smi} on the PATH, giving up after two seconds. */
  static GpuNameSource nvidiaSmi() {
    return new NvidiaSmi(List.of("nvidia-smi"), Duration.ofSeconds(2));
  }

  /** Knows no names; every NVIDIA GPU is then called {@value Gpu#UNKNOWN_NAME}. */
  static GpuNameSource none() {
    return List::of;
  }
}
