package io.streamfleet.agent.builtin;

/**
 * What a {@link BuiltinProcessor} tells its supervisor. All calls come from the processor's own
 * thread, in order: {@link #onFirstFrame()} at most once and before any event or stats (a camera
 * that cannot be reached yet may report {@link #onDegraded} before it), then events, stats and
 * spells of {@code onDegraded}/{@link #onRecovered}, and {@link #onExit(String)} exactly once, last. An exception thrown by a callback is
 * logged and does not stop the processor.
 */
public interface BuiltinListener {
  /** The first frame has been analysed: the processor is ready. */
  void onFirstFrame();

  /**
   * Motion started or ended on a frame, or (with {@code frame_events=true}) a frame was processed:
   * then its frame event comes before a motion event decided on the same frame.
   */
  void onEvent(BuiltinEvent event);

  /**
   * The source is away (a camera dropped its connection, stalled, or cannot be reached yet) and is
   * being connected again; {@code reason} says why. Again with a new reason after failed attempts.
   */
  default void onDegraded(String reason) {}

  /** Frames flow again after {@link #onDegraded}, and the first frame had already been analysed. */
  default void onRecovered() {}

  /** The latest figures; at most once a second. */
  void onStats(ProcessorStats stats);

  /**
   * The processor has stopped and released its source. {@code reason} is {@code "stopped"} after
   * {@link BuiltinProcessor#stop()}, {@code "end of stream"} when the source ended, and otherwise
   * says what failed, for an operator to read.
   */
  void onExit(String reason);
}
