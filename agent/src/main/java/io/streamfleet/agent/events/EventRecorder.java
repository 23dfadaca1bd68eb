package io.streamfleet.agent.events;

/**
 * Where a processor event goes first. The agent's recorder is the {@link EventOutbox}, which
 * numbers the event and keeps it on disk until every sink has it; the failover simulation uses
 * a {@link DirectEventRecorder}.
 */
@FunctionalInterface
public interface EventRecorder {
  /**
   * Records one event of {@code streamId} at {@code epoch}; the recorder assigns its sequence.
   *
   * @param atMs when it happened (wall clock, for display)
   * @param payloadJson a JSON object, or null
   */
  void record(String streamId, long epoch, String kind, long atMs, String payloadJson);
}
