package io.streamfleet.agent.builtin;

/**
 * What {@link MotionDetector#analyze} found in one frame.
 *
 * @param motion whether the changed fraction exceeded the detector's {@code min_area}
 * @param changedFraction the share of the picture, 0 to 1, in blocks that changed
 * @param boundingBox the rectangle around the changed blocks when {@code motion}; null otherwise
 */
public record MotionResult(boolean motion, double changedFraction, BoundingBox boundingBox) {
  /** The answer for a first frame, which has nothing to be compared with. */
  public static final MotionResult NONE = new MotionResult(false, 0, null);

  public MotionResult {
    if (!(changedFraction >= 0 && changedFraction <= 1)) {
      throw new IllegalArgumentException("changedFraction is " + changedFraction + "; expected 0 to 1");
    }
    if (motion != (boundingBox != null)) {
      throw new IllegalArgumentException("a bounding box is given exactly when there is motion; motion="
          + motion + ", boundingBox=" + boundingBox);
    }
  }
}
