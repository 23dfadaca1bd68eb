package io.streamfleet.agent.builtin;

/**
 * One 8-bit grayscale picture from a {@link FrameSource}.
 *
 * <p>{@code luma} is shared, not copied, so that a 640x360 stream at 30 fps does not copy 7 MB/s
 * for nothing: treat it as read-only. For the same reason equality compares the array by identity.
 *
 * @param sequence the source's frame number, from 0; gaps mean the source dropped frames
 * @param capturedAtNanos the source's {@link NanoClock} reading when it produced the frame
 * @param luma {@code width * height} bytes, row by row, each an unsigned brightness 0-255
 */
public record Frame(long sequence, long capturedAtNanos, int width, int height, byte[] luma) {
  public Frame {
    if (sequence < 0) {
      throw new IllegalArgumentException("sequence is " + sequence + "; expected 0 or more");
    }
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException("frame size is " + width + "x" + height + "; both must be positive");
    }
    if (luma == null || luma.length != width * height) {
      throw new IllegalArgumentException("luma has " + (luma == null ? "no" : luma.length) + " bytes; a "
          + width + "x" + height + " frame needs " + width * height);
    }
  }

  /** The brightness at column {@code x}, row {@code y}, as 0-255. */
  public int lumaAt(int x, int y) {
    return luma[y * width + x] & 0xFF;
  }

  @Override
  public String toString() {
    return "Frame[sequence=" + sequence + ", capturedAtNanos=" + capturedAtNanos + ", " + width + "x" + height + "]";
  }
}
