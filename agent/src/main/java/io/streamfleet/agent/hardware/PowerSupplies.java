package io.streamfleet.agent.hardware;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Reads {@code /sys/class/power_supply} to tell whether the machine runs on a battery.
 *
 * <p>A supply counts when its {@code type} contains "Battery" and its {@code scope} is not
 * "Device". The scope check matters: a wireless mouse, keyboard or headset paired with a desktop
 * appears here as a battery with {@code scope=Device}, and must not turn the desktop into a laptop.
 * System batteries have no scope file or {@code scope=System}.
 */
final class PowerSupplies {
  private final Path powerSupplyDir;

  PowerSupplies(Path sysRoot) {
    this.powerSupplyDir = sysRoot.resolve("class/power_supply");
  }

  boolean hasSystemBattery() {
    if (!Files.isDirectory(powerSupplyDir)) {
      return false;
    }
    try (DirectoryStream<Path> supplies = Files.newDirectoryStream(powerSupplyDir)) {
      for (Path supply : supplies) {
        if (isSystemBattery(supply)) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean isSystemBattery(Path supply) {
    boolean battery = read(supply.resolve("type")).map(t -> t.contains("Battery")).orElse(false);
    boolean peripheral = read(supply.resolve("scope")).map(s -> s.equals("Device")).orElse(false);
    return battery && !peripheral;
  }

  private static Optional<String> read(Path file) {
    try {
      return Optional.of(Files.readString(file).strip());
    } catch (IOException e) {
      return Optional.empty();
    }
  }
}
