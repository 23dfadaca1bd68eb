package io.streamfleet.agent.driver;

/** A started processor instance. */
public interface ProcessorHandle {
  /** Stops the instance and waits for it; idempotent. */
  void stop();

  /** The latest measurements (frames, fps, latency), or {@link InstanceUsage#NONE}. */
  InstanceUsage usage();

  /** How often the driver restarted this instance after it exited (0 for drivers that do not restart). */
  default int restarts() {
    return 0;
  }
}
