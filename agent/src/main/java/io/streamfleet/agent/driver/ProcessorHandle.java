package io.streamfleet.agent.driver;

/** A started processor instance. */
public interface ProcessorHandle {
  /** Stops the instance and waits for it; idempotent. */
  void stop();

  /** The latest measurements (frames, fps, latency), or {@link InstanceUsage#NONE}. */
  InstanceUsage usage();
}
