package io.streamfleet.agent.hardware;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Objects;

/**
 * A GPU the node can hand to processors.
 *
 * <p>One card may be listed twice: an NVIDIA card with the {@code nvidia-drm} driver has both
 * {@code /dev/nvidia0} and a render node. Only {@link Kind#NVIDIA} entries count as schedulable
 * GPUs (see {@link AgentCapacity}); render nodes are reported so operators can see them.
 *
 * @param kind how the GPU is reached
 * @param device its device file, such as {@code /dev/nvidia0} or {@code /dev/dri/renderD128}
 * @param name the model from {@code nvidia-smi} or the kernel driver of a render node, or
 *     {@value #UNKNOWN_NAME} when neither could be read
 */
public record Gpu(Kind kind, Path device, String name) {
  public static final String UNKNOWN_NAME = "unknown";

  public Gpu {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(device, "device");
    name = name == null || name.isBlank() ? UNKNOWN_NAME : name.strip();
  }

  public enum Kind {
    /** An NVIDIA card with the proprietary driver ({@code /dev/nvidiaN}). */
    NVIDIA,
    /** A Direct Rendering Infrastructure render node ({@code /dev/dri/renderD*}): Intel, AMD, others. */
    DRI;

    /** {@code "nvidia"} or {@code "dri"}. */
    public String wireName() {
      return name().toLowerCase(Locale.ROOT);
    }
  }
}
