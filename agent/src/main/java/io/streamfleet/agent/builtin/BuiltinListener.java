package io.streamfleet.agent.builtin;

/**
 * What a {@link BuiltinProcessor} tells its supervisor. All calls come from the processor's own
 * thread, in order: {@link #onFirstFrame()} at most once and before any other call, then events
 * and stats, and {@link #onExit(String)} exactly once, last. An exception thrown by a callback is
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

  /** The latest figures; at most once a second. */
  void onStats(ProcessorStats stats);

  /**
   * The processor has stopped and released its source. {@code reason} is {@code "stopped"} after
   * {@link BuiltinProcessor#stop()}, {@code "end of stream"} when the source ended, and otherwise
   * says what failed, for an operator to read.
   */
  void onExit(String reason);
}
