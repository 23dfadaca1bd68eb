package io.streamfleet.agent.hardware;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A shell script stands in for nvidia-smi, a directory for /sys. */
class GpuUsageProbeTest {
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir Path tmp;

  @Test
  void nvidiaCardsAreReadFromNvidiaSmisCsvInBaseUnits() throws IOException {
    Path smi = script("echo \"$@\" > " + tmp.resolve("args") + "; printf '0, Tesla T4, 37, 1024, 15360\\n1, Tesla T4, [N/A], 0, 15360\\n'");

    List<GpuUsage> usage = new GpuUsageProbe(List.of(smi.toString()), TIMEOUT, tmp.resolve("sys"), List.of(), () -> 0).sample();

    assertThat(usage).containsExactly(new GpuUsage("0", "Tesla T4", 0.37, 1024L << 20, 15360L << 20),
        new GpuUsage("1", "Tesla T4", Double.NaN, 0, 15360L << 20));
    assertThat(Files.readString(tmp.resolve("args"))).contains("--query-gpu=index,name,utilization.gpu,memory.used,memory.total",
        "--format=csv,noheader,nounits");
  }

  @Test
  void aRenderNodesBusyPercentAndVideoMemoryComeFromTheKernelsCounters() throws IOException {
    Path device = Files.createDirectories(tmp.resolve("sys/class/drm/renderD128/device"));
    Files.writeString(device.resolve("gpu_busy_percent"), "12\n");
    Files.writeString(device.resolve("mem_info_vram_used"), "268435456\n");
    Files.writeString(device.resolve("mem_info_vram_total"), "8589934592\n");
    Gpu amd = new Gpu(Gpu.Kind.DRI, Path.of("/dev/dri/renderD128"), "amdgpu");
    Gpu intel = new Gpu(Gpu.Kind.DRI, Path.of("/dev/dri/renderD129"), "i915");

    List<GpuUsage> usage = new GpuUsageProbe(List.of(), TIMEOUT, tmp.resolve("sys"), List.of(amd, intel), () -> 0).sample();

    assertThat(usage).containsExactly(new GpuUsage("renderD128", "amdgpu", 0.12, 268435456L, 8589934592L),
        new GpuUsage("renderD129", "i915", Double.NaN, -1, -1));
  }

  @Test
  void aFailingNvidiaSmiGivesNoEntries() throws IOException {
    Path smi = script("echo 'NVIDIA-SMI has failed'; exit 9");

    assertThat(new GpuUsageProbe(List.of(smi.toString()), TIMEOUT, tmp, List.of(), () -> 0).sample()).isEmpty();
  }

  @Test
  void scrapesCloserThanTheMinimumIntervalShareOneReading() throws IOException {
    Path runs = tmp.resolve("runs");
    Path smi = script("echo run >> " + runs + "; printf '0, Tesla T4, 37, 1024, 15360\\n'");
    java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
    GpuUsageProbe probe = new GpuUsageProbe(List.of(smi.toString()), TIMEOUT, tmp, List.of(), nanos::get);

    probe.latest();
    nanos.addAndGet(GpuUsageProbe.MIN_INTERVAL.toNanos() - 1);
    probe.latest();
    assertThat(Files.readAllLines(runs)).hasSize(1);
    nanos.addAndGet(1);
    assertThat(probe.latest()).hasSize(1);
    assertThat(Files.readAllLines(runs)).hasSize(2);
  }

  private Path script(String body) throws IOException {
    Path p = tmp.resolve("nvidia-smi");
    Files.writeString(p, "#!/bin/sh\n" + body + "\n");
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
    return p;
  }
}
