package io.streamfleet.agent.hardware;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Test data: a fake {@code /dev} and {@code /sys} under a temporary directory. Device "files" are
 * empty regular files; the scanner cares only about their names.
 */
final class FakeMachine {
  final Path dev;
  final Path sys;

  private FakeMachine(Path root) {
    this.dev = root.resolve("dev");
    this.sys = root.resolve("sys");
    createDirectories(dev);
    createDirectories(sys);
  }

  /** An empty machine: no devices, no power supplies. */
  static FakeMachine in(Path tempDir) {
    return new FakeMachine(tempDir);
  }

  /** Creates device files relative to {@code /dev}, such as "nvidia0" or "dri/renderD128". */
  FakeMachine withDevices(String... names) {
    for (String name : names) {
      Path device = dev.resolve(name);
      createDirectories(device.getParent());
      write(device, "");
    }
    return this;
  }

  /** Creates a directory under {@code /dev}, such as "nvidia-caps". */
  FakeMachine withDeviceDirectory(String name) {
    createDirectories(dev.resolve(name));
    return this;
  }

  /** {@code /sys/class/power_supply/<name>/type}, with no scope file. */
  FakeMachine withPowerSupply(String name, String type) {
    write(powerSupply(name).resolve("type"), type + "\n");
    return this;
  }

  /** {@code /sys/class/power_supply/<name>/type} and {@code scope}. */
  FakeMachine withPowerSupply(String name, String type, String scope) {
    withPowerSupply(name, type);
    write(powerSupply(name).resolve("scope"), scope + "\n");
    return this;
  }

  /** A power supply directory without a type file, as a half-registered device might leave. */
  FakeMachine withPowerSupplyWithoutType(String name) {
    createDirectories(powerSupply(name));
    return this;
  }

  /** {@code /sys/class/drm/<renderNode>/device/uevent} naming the kernel driver. */
  FakeMachine withDrmDriver(String renderNode, String driver) {
    write(
        sys.resolve("class/drm").resolve(renderNode).resolve("device/uevent"),
        "DRIVER=" + driver + "\nPCI_CLASS=30000\nPCI_ID=8086:46A6\n");
    return this;
  }

  HardwareDetector detector(CpuMemoryProbe probe, GpuNameSource names) {
    return new HardwareDetector(dev, sys, probe, names);
  }

  private Path powerSupply(String name) {
    return sys.resolve("class/power_supply").resolve(name);
  }

  private static void write(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void createDirectories(Path dir) {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
