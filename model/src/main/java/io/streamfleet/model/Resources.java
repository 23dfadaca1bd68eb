package io.streamfleet.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A resource amount: a stream's request, a processor's default, or a node's capacity.
 *
 * @param cpuMillis CPU in millicores (1000 = one core thread)
 * @param memoryMb memory in MiB
 * @param gpu whole GPUs
 * @param accelerator an accelerator kind ("hailo", "coral"), or null for none
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Resources(int cpuMillis, int memoryMb, int gpu, String accelerator) {
  public static final int MAX_CPU_MILLIS = 1_024_000;
  public static final int MAX_MEMORY_MB = 16 * 1024 * 1024;
  public static final int MAX_GPU = 64;

  /** What a stream gets when neither it nor its processor says otherwise. */
  public static final Resources STREAM_DEFAULT = new Resources(500, 256, 0, null);

  public static Resources of(int cpuMillis, int memoryMb) {
    return new Resources(cpuMillis, memoryMb, 0, null);
  }

  /** The two amounts added up; an accelerator kind is not an amount, so the sum names none. */
  public Resources plus(Resources other) {
    return new Resources(cpuMillis + other.cpuMillis, memoryMb + other.memoryMb, gpu + other.gpu, null);
  }

  /** What is left of this amount (a capacity) once {@code held} is taken, never below 0; the accelerator stays. */
  public Resources less(Resources held) {
    return new Resources(Math.max(0, cpuMillis - held.cpuMillis), Math.max(0, memoryMb - held.memoryMb), Math.max(0, gpu - held.gpu),
        accelerator);
  }
}
