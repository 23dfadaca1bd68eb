package io.streamfleet.agent.builtin;

import java.util.Optional;

/**
 * Turns per-frame motion answers into events, only on transitions. Motion starts at the first
 * moving frame; it ends only after {@code holdFrames} quiet frames in a row, so that a pause in a
 * walk, or one frame where the change fell just under the threshold, does not split one event in
 * two. Counts analysed frames, not sequence numbers: dropped frames do not shorten the hold.
 */
public final class MotionEventTracker {
  private final int holdFrames;
  private boolean moving;
  private int quietFrames;

  public MotionEventTracker(int holdFrames) {
    if (holdFrames < 1) {
      throw new IllegalArgumentException("holdFrames is " + holdFrames + "; expected 1 or more");
    }
    this.holdFrames = holdFrames;
  }

  /** The event that {@code frame}'s {@code result} causes, if any. */
  public Optional<MotionEvent> update(Frame frame, MotionResult result) {
    return update(frame.sequence(), frame.capturedAtNanos(), result);
  }

  public Optional<MotionEvent> update(long sequence, long atNanos, MotionResult result) {
    if (result.motion()) {
      quietFrames = 0;
      if (!moving) {
        moving = true;
        return Optional.of(MotionEvent.start(sequence, atNanos, result.changedFraction()));
      }
      return Optional.empty();
    }
    if (moving && ++quietFrames >= holdFrames) {
      moving = false;
      quietFrames = 0;
      return Optional.of(MotionEvent.end(sequence, atNanos, result.changedFraction()));
    }
    return Optional.empty();
  }

  /** Whether a {@code motion_start} has been emitted without its {@code motion_end} yet. */
  public boolean inMotion() {
    return moving;
  }
}
