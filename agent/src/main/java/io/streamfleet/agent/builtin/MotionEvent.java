package io.streamfleet.agent.builtin;

/**
 * A debounced transition between still and moving, as a {@link MotionEventTracker} decides it.
 *
 * @param kind {@value #START} or {@value #END}, the names used on the wire and in logs
 * @param sequence the frame at which the transition was decided
 * @param atNanos that frame's capture time on its source's clock
 * @param changedFraction that frame's changed fraction (for an end: the last, quiet, frame)
 */
public record MotionEvent(String kind, long sequence, long atNanos, double changedFraction) {
  public static final String START = "motion_start";
  public static final String END = "motion_end";

  public MotionEvent {
    if (!START.equals(kind) && !END.equals(kind)) {
      throw new IllegalArgumentException("motion event kind is '" + kind + "'; expected " + START + " or " + END);
    }
  }

  public static MotionEvent start(long sequence, long atNanos, double changedFraction) {
    return new MotionEvent(START, sequence, atNanos, changedFraction);
  }

  public static MotionEvent end(long sequence, long atNanos, double changedFraction) {
    return new MotionEvent(END, sequence, atNanos, changedFraction);
  }

  public boolean isStart() {
    return START.equals(kind);
  }
}
