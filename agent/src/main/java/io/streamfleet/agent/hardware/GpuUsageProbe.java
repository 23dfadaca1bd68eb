package io.streamfleet.agent.hardware;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Reads how busy the node's GPUs are: NVIDIA cards through {@code nvidia-smi}, other render nodes
 * (AMD's amdgpu driver) through the kernel's counters under {@code /sys/class/drm}. Intel's i915
 * exposes no busy counter there (only through perf), so an Intel GPU is listed without one. A
 * failing or missing source gives no entry, never an error: this is for metrics only.
 */
public final class GpuUsageProbe {
  static final Duration MIN_INTERVAL = Duration.ofSeconds(2);

  private final List<String> nvidiaSmi;
  private final Duration timeout;
  private final Path sysRoot;
  private final List<Gpu> gpus;
  private final LongSupplier nanoTime;
  private long sampledAtNanos;
  private List<GpuUsage> last;

  /**
   * @param nvidiaSmi the command that starts nvidia-smi, or an empty list when the node has no NVIDIA card
   * @param sysRoot {@code /sys}, or a test's directory shaped like it
   * @param gpus the GPUs detected at start; their render nodes are read from {@code sysRoot}
   * @param nanoTime a monotonic clock, for {@link #latest()}
   */
  public GpuUsageProbe(List<String> nvidiaSmi, Duration timeout, Path sysRoot, List<Gpu> gpus, LongSupplier nanoTime) {
    this.nvidiaSmi = List.copyOf(nvidiaSmi);
    this.timeout = timeout;
    this.sysRoot = sysRoot;
    this.gpus = List.copyOf(gpus);
    this.nanoTime = nanoTime;
  }

  /** The probe for this machine's GPUs, as {@code hardware} found them. */
  public static GpuUsageProbe forThisMachine(HardwareInfo hardware) {
    return new GpuUsageProbe(hardware.nvidiaGpuCount() > 0 ? List.of("nvidia-smi") : List.of(), Duration.ofSeconds(2), Path.of("/sys"),
        hardware.gpus(), System::nanoTime);
  }

  /**
   * A reading at most {@link #MIN_INTERVAL} old: a scrape runs nvidia-smi (tens of ms), so
   * Prometheus and a person with curl at once share one run.
   */
  public synchronized List<GpuUsage> latest() {
    long now = nanoTime.getAsLong();
    if (last == null || now - sampledAtNanos >= MIN_INTERVAL.toNanos()) {
      last = sample();
      sampledAtNanos = now;
    }
    return last;
  }

  /** Reads every GPU now. */
  public List<GpuUsage> sample() {
    List<GpuUsage> out = new ArrayList<>(nvidia());
    for (Gpu g : gpus) {
      if (g.kind() == Gpu.Kind.DRI) {
        out.add(renderNode(g));
      }
    }
    return out;
  }

  private List<GpuUsage> nvidia() {
    if (nvidiaSmi.isEmpty()) {
      return List.of();
    }
    List<String> command = new ArrayList<>(nvidiaSmi);
    command.add("--query-gpu=index,name,utilization.gpu,memory.used,memory.total");
    command.add("--format=csv,noheader,nounits");
    return TimedCommand.stdoutOf(command, timeout).map(GpuUsageProbe::parseNvidia).orElse(List.of());
  }

  /** Lines like {@code 0, NVIDIA GeForce RTX 3060, 37, 1024, 12288} (percent, MiB); "[N/A]" where a card does not say. */
  static List<GpuUsage> parseNvidia(String csv) {
    List<GpuUsage> out = new ArrayList<>();
    for (String line : csv.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
      String[] f = line.split(",\\s*");
      if (f.length < 5) {
        continue;
      }
      double percent = number(f[2]);
      double usedMib = number(f[3]);
      double totalMib = number(f[4]);
      out.add(new GpuUsage(f[0].strip(), f[1].strip(), percent / 100, Double.isNaN(usedMib) ? -1 : (long) (usedMib * 1024 * 1024),
          Double.isNaN(totalMib) ? -1 : (long) (totalMib * 1024 * 1024)));
    }
    return out;
  }

  private GpuUsage renderNode(Gpu g) {
    String node = g.device().getFileName().toString();
    Path device = sysRoot.resolve("class/drm").resolve(node).resolve("device");
    double busy = read(device.resolve("gpu_busy_percent"));
    double used = read(device.resolve("mem_info_vram_used"));
    double total = read(device.resolve("mem_info_vram_total"));
    return new GpuUsage(node, g.name(), busy / 100, Double.isNaN(used) ? -1 : (long) used, Double.isNaN(total) ? -1 : (long) total);
  }

  private static double read(Path file) {
    try {
      return number(Files.readString(file));
    } catch (IOException e) {
      return Double.NaN;
    }
  }

  private static double number(String s) {
    try {
      return Double.parseDouble(s.strip());
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }
}
