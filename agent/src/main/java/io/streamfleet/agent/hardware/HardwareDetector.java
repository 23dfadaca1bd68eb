package io.streamfleet.agent.hardware;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Detects what the node is made of: CPU and memory through a {@link CpuMemoryProbe}, devices and
 * the battery through the filesystem. Meant to run once at agent start; each call re-reads
 * everything and may take up to two seconds when it asks {@code nvidia-smi} for names.
 *
 * <p>{@code nvidia-smi} is only asked when an NVIDIA device file exists, so machines without the
 * driver never start a process. Its names are matched to {@code /dev/nvidiaN} by position, which
 * holds under the default (PCI bus) enumeration order; a GPU without a name is
 * {@value Gpu#UNKNOWN_NAME}.
 */
public final class HardwareDetector {
  private static final long BYTES_PER_MIB = 1024L * 1024;

  private final CpuMemoryProbe cpuMemory;
  private final DeviceScanner devices;
  private final PowerSupplies powerSupplies;
  private final GpuNameSource gpuNames;

  /** The detector for this machine: OSHI, {@code /dev}, {@code /sys} and {@code nvidia-smi}. */
  public static HardwareDetector forThisMachine() {
    return new HardwareDetector(Path.of("/dev"), Path.of("/sys"), CpuMemoryProbe.oshi());
  }

  /** Reads devices under {@code devRoot} and {@code sysRoot}; names NVIDIA GPUs with {@code nvidia-smi}. */
  public HardwareDetector(Path devRoot, Path sysRoot, CpuMemoryProbe cpuMemory) {
    this(devRoot, sysRoot, cpuMemory, GpuNameSource.nvidiaSmi());
  }

  public HardwareDetector(Path devRoot, Path sysRoot, CpuMemoryProbe cpuMemory, GpuNameSource gpuNames) {
    this.cpuMemory = Objects.requireNonNull(cpuMemory, "cpuMemory");
    this.devices = new DeviceScanner(devRoot, sysRoot);
    this.powerSupplies = new PowerSupplies(sysRoot);
    this.gpuNames = Objects.requireNonNull(gpuNames, "gpuNames");
  }

  public HardwareInfo detect() {
    int threads = cpuMemory.cpuThreads();
    long memoryMb = cpuMemory.totalMemoryBytes() / BYTES_PER_MIB;
    boolean battery = powerSupplies.hasSystemBattery();
    List<Gpu> gpus = new ArrayList<>(nvidiaGpus());
    gpus.addAll(devices.renderNodes());
    return new HardwareInfo(
        threads,
        cpuMemory.cpuModel(),
        memoryMb,
        gpus,
        devices.accelerators(),
        battery,
        NodeClassifier.classify(threads, memoryMb, battery));
  }

  private List<Gpu> nvidiaGpus() {
    List<Path> nodes = devices.nvidiaDevices();
    if (nodes.isEmpty()) {
      return List.of();
    }
    List<String> names = gpuNames.nvidiaGpuNames();
    List<Gpu> gpus = new ArrayList<>(nodes.size());
    for (int i = 0; i < nodes.size(); i++) {
      gpus.add(new Gpu(Gpu.Kind.NVIDIA, nodes.get(i), i < names.size() ? names.get(i) : null));
    }
    return gpus;
  }
}
