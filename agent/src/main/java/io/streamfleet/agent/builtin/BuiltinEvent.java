package io.streamfleet.agent.builtin;

/**
 * An event as a builtin processor reports it to its listener: a kind, the frame it was decided on,
 * and a JSON object payload that names that frame too.
 *
 * <p>Why the payload carries the frame: the agent numbers a stream's events itself, per epoch, so
 * without it the source's frame number would not reach anyone. During a make-before-break move two
 * instances of a stream (epochs e and e+1) analyse the same camera at once, and the server
 * de-duplicates their events by it (a synthetic camera numbers frames alike in both with
 * {@code timeline=wall}).
 *
 * @param kind {@value MotionEvent#START}, {@value MotionEvent#END} or {@value #FRAME}
 * @param frame the sequence number of the frame the event was decided on
 * @param payloadJson a JSON object with at least {@code "frame"}
 */
public record BuiltinEvent(String kind, long frame, String payloadJson) {
  /** The kind of the per-frame events that {@code frame_events=true} asks for. */
  public static final String FRAME = "frame";

  /** A {@code motion_start} or {@code motion_end}: {@code {"frame":N,"changed_fraction":F}}. */
  public static BuiltinEvent of(MotionEvent event) {
    return new BuiltinEvent(event.kind(), event.sequence(),
        "{\"frame\":" + event.sequence() + ",\"changed_fraction\":" + event.changedFraction() + "}");
  }

  /** Frame {@code sequence} has been processed: {@code {"frame":N}}. */
  public static BuiltinEvent frame(long sequence) {
    return new BuiltinEvent(FRAME, sequence, "{\"frame\":" + sequence + "}");
  }
}
