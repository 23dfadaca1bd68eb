package io.streamfleet.agent.driver;

import io.streamfleet.protocol.v1.JobOutcome;

/** What a processor instance tells its supervisor. Called from the instance's own thread. */
public interface InstanceListener {
  /**
   * The readiness rule is met (e.g. the first frame was processed), or frames flow again after
   * {@link #degraded}; a job attempt: its process started.
   */
  void running();

  /**
   * The instance is alive but its input is away (a camera dropped, stalled or cannot be reached
   * yet) and it is reconnecting; {@link #running()} follows when frames flow again.
   */
  default void degraded(String reason) {}

  /** The instance ended and will not come back by itself; {@code reason} says why. */
  void failed(String reason);

  /** Something the processor reports (motion start/end, detections). */
  void event(long sequence, String kind, String payloadJson);

  /**
   * A batch job's attempt ended by itself: it exited, or was killed at its timeout, or could not
   * be started. Called at most once per attempt, after its whole process group is gone, and never
   * for an attempt the agent stopped or killed (those end as any instance does, STOPPED).
   */
  default void finished(JobOutcome outcome) {}
}
