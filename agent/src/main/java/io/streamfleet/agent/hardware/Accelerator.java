package io.streamfleet.agent.hardware;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * A neural-network accelerator found as a device file.
 *
 * @param kind which family it belongs to; its {@link Kind#wireName()} is what streams ask for in
 *     {@code resources.accelerator}
 * @param device its device file, such as {@code /dev/hailo0} or {@code /dev/apex_0}
 */
public record Accelerator(Kind kind, Path device) {
  public Accelerator {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(device, "device");
  }

  public enum Kind {
    /** Hailo-8 / Hailo-8L, PCIe or M.2 ({@code /dev/hailoN}). */
    HAILO,
    /**
     * Coral Edge TPU on PCIe or M.2 ({@code /dev/apex_N}). The USB Coral has no device file of its
     * own, so it is not detected.
     */
    CORAL;

    /** {@code "hailo"} or {@code "coral"}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
