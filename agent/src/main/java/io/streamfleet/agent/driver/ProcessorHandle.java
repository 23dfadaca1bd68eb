package io.streamfleet.agent.driver;

/** A started processor instance. */
public interface ProcessorHandle {
  /** Stops the instance and waits for it; idempotent. */
  void stop();

  /**
   * Ends the instance at once, without a grace period (its lease ran out: the leader may start it
   * elsewhere). Must not block on the instance. Thread-safe; {@link #stop()} may still be called
   * and returns once the instance is gone. Drivers whose instances live in the agent's own JVM
   * stop them as usual.
   */
  default void kill() {
    stop();
  }

  /** The latest measurements (frames, fps, latency), or {@link InstanceUsage#NONE}. */
  InstanceUsage usage();

  /** How often the driver restarted this instance after it exited (0 for drivers that do not restart). */
  default int restarts() {
    return 0;
  }
}
