package io.streamfleet.agent.driver;

import io.streamfleet.protocol.v1.DesiredInstance;

/** Starts processor instances of one kind (builtin, exec). */
public interface ProcessorDriver {
  /**
   * Starts the instance asynchronously; {@code listener} hears when it runs, fails or reports.
   *
   * @throws IllegalArgumentException when this driver cannot run the instance (the message says why)
   */
  ProcessorHandle start(DesiredInstance instance, InstanceListener listener);
}
