package io.streamfleet.agent.builtin;

/** A rectangle of a frame in pixels: columns {@code [x, x + width)}, rows {@code [y, y + height)}. */
public record BoundingBox(int x, int y, int width, int height) {
  public BoundingBox {
    if (x < 0 || y < 0 || width <= 0 || height <= 0) {
      throw new IllegalArgumentException("bounding box " + width + "x" + height + " at (" + x + ", " + y
          + ") is invalid; expected a non-negative corner and a positive size");
    }
  }
}
