package io.streamfleet.agent.hardware;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds GPUs and accelerators by their device files under a {@code /dev} root, and names render
 * nodes from a {@code /sys} root. A missing or unreadable directory means "none of those".
 *
 * <p>Only numbered NVIDIA devices are GPUs: {@code nvidiactl}, {@code nvidia-uvm} and
 * {@code nvidia-modeset} are control files the driver creates once per machine.
 */
final class DeviceScanner {
  private static final Logger log = LoggerFactory.getLogger(DeviceScanner.class);

  private static final Pattern NVIDIA_GPU = Pattern.compile("nvidia\\d+");
  private static final Pattern RENDER_NODE = Pattern.compile("renderD\\d+");
  private static final Pattern HAILO = Pattern.compile("hailo.*");
  private static final Pattern CORAL = Pattern.compile("apex_.*");

  /** Device-number order: "nvidia2" before "nvidia10", which plain string order gets wrong. */
  private static final Comparator<Path> DEVICE_ORDER =
      Comparator.comparingInt((Path p) -> p.getFileName().toString().length())
          .thenComparing(p -> p.getFileName().toString());

  private final Path devRoot;
  private final Path sysRoot;

  DeviceScanner(Path devRoot, Path sysRoot) {
    this.devRoot = devRoot;
    this.sysRoot = sysRoot;
  }

  /** {@code /dev/nvidia0}, {@code /dev/nvidia1}, ... in index order. */
  List<Path> nvidiaDevices() {
    return devicesMatching(devRoot, NVIDIA_GPU);
  }

  /** Each render node, named after the kernel driver that serves it ("i915", "amdgpu", ...). */
  List<Gpu> renderNodes() {
    return devicesMatching(devRoot.resolve("dri"), RENDER_NODE).stream()
        .map(node -> new Gpu(Gpu.Kind.DRI, node, driverOf(node.getFileName().toString()).orElse(null)))
        .toList();
  }

  /** Hailo devices, then Coral devices. */
  List<Accelerator> accelerators() {
    List<Accelerator> found = new ArrayList<>();
    devicesMatching(devRoot, HAILO).forEach(d -> found.add(new Accelerator(Accelerator.Kind.HAILO, d)));
    devicesMatching(devRoot, CORAL).forEach(d -> found.add(new Accelerator(Accelerator.Kind.CORAL, d)));
    return found;
  }

  /** Reads {@code DRIVER=} from {@code /sys/class/drm/<node>/device/uevent}. */
  private Optional<String> driverOf(String renderNode) {
    Path uevent = sysRoot.resolve("class/drm").resolve(renderNode).resolve("device/uevent");
    try {
      return Files.readAllLines(uevent).stream()
          .filter(line -> line.startsWith("DRIVER="))
          .map(line -> line.substring("DRIVER=".length()).strip())
          .filter(Predicate.not(String::isEmpty))
          .findFirst();
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  private static List<Path> devicesMatching(Path dir, Pattern name) {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
      for (Path entry : entries) {
        if (name.matcher(entry.getFileName().toString()).matches() && !Files.isDirectory(entry)) {
          found.add(entry);
        }
      }
    } catch (NoSuchFileException e) {
      return List.of();
    } catch (IOException e) {
      log.debug("cannot list {}: {}", dir, e.getMessage());
      return List.of();
    }
    found.sort(DEVICE_ORDER);
    return found;
  }
}
