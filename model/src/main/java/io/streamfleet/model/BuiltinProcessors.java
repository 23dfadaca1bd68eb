package io.streamfleet.model;

import java.util.List;
import java.util.Set;

/** Processors compiled into the agent, and the specs every fresh cluster starts with. */
public final class BuiltinProcessors {
  /** Frame-difference motion detection over a synthetic or ffmpeg-decoded source. */
  public static final String MOTION = "motion";
  /** A camera simulator: frames with moving content, timestamps and sequence numbers. */
  public static final String SYNTHETIC = "synthetic";

  public static final Set<String> NAMES = Set.of(MOTION, SYNTHETIC);

  private BuiltinProcessors() {}

  /**
   * The processor specs in the initial cluster state. Part of state format 1: changing this list
   * changes what replaying an old log produces, so add new defaults through a command instead.
   */
  public static List<ProcessorSpec> initialSpecs() {
    return List.of(
        new ProcessorSpec(MOTION, 1, DriverKind.BUILTIN, MOTION, null, null, null,
            Readiness.FIRST_FRAME, Resources.of(250, 128), "Frame-difference motion detection (builtin)"));
  }
}
