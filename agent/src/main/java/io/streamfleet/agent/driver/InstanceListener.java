package io.streamfleet.agent.driver;

/** What a processor instance tells its supervisor. Called from the instance's own thread. */
public interface InstanceListener {
  /** The readiness rule is met (e.g. the first frame was processed). */
  void running();

  /** The instance ended and will not come back by itself; {@code reason} says why. */
  void failed(String reason);

  /** Something the processor reports (motion start/end, detections). */
  void event(long sequence, String kind, String payloadJson);
}
