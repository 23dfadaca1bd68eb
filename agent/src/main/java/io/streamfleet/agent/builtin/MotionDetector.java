package io.streamfleet.agent.builtin;

import java.util.Arrays;

/**
 * Frame-difference motion detection. Pure computation, no threads; keeps the previous frame's
 * block means, so one instance serves one stream from one thread.
 *
 * <p>Each frame is averaged over square blocks of {@code blockSize} pixels (blocks at the right
 * and bottom edges may be smaller), which smooths away sensor noise and makes the comparison
 * {@code blockSize²} times cheaper. A block has changed when its mean moved by more than
 * {@code threshold} levels since the previous frame; a frame has motion when the changed blocks
 * cover more than {@code minArea} of the picture. Block sums are compared as integers
 * ({@code |sum - previousSum| > threshold * pixelsInBlock}), so the boundary is exact.
 *
 * <p>The first frame, and the first after a change of frame size, is compared with nothing and
 * reports {@link MotionResult#NONE}.
 */
public final class MotionDetector {
  private final MotionSettings settings;
  private int width = -1;
  private int height = -1;
  private int blocksAcross;
  private int blocksDown;
  private int[] blockPixels;
  private int[] previousSums;
  private int[] currentSums;
  private boolean hasPrevious;

  public MotionDetector(MotionSettings settings) {
    this.settings = settings;
  }

  public MotionSettings settings() {
    return settings;
  }

  public MotionResult analyze(Frame frame) {
    if (frame.width() != width || frame.height() != height) {
      resizeFor(frame.width(), frame.height());
    }
    sumBlocks(frame.luma(), currentSums);
    MotionResult result = hasPrevious ? compareWithPrevious() : MotionResult.NONE;
    int[] swap = previousSums;
    previousSums = currentSums;
    currentSums = swap;
    hasPrevious = true;
    return result;
  }

  private void resizeFor(int newWidth, int newHeight) {
    int block = settings.blockSize();
    width = newWidth;
    height = newHeight;
    blocksAcross = (width + block - 1) / block;
    blocksDown = (height + block - 1) / block;
    blockPixels = new int[blocksAcross * blocksDown];
    for (int by = 0; by < blocksDown; by++) {
      int rows = Math.min(block, height - by * block);
      for (int bx = 0; bx < blocksAcross; bx++) {
        blockPixels[by * blocksAcross + bx] = rows * Math.min(block, width - bx * block);
      }
    }
    previousSums = new int[blockPixels.length];
    currentSums = new int[blockPixels.length];
    hasPrevious = false;
  }

  private void sumBlocks(byte[] luma, int[] sums) {
    Arrays.fill(sums, 0);
    int block = settings.blockSize();
    for (int y = 0; y < height; y++) {
      int rowStart = y * width;
      int firstBlock = (y / block) * blocksAcross;
      int x = 0;
      for (int bx = 0; bx < blocksAcross; bx++) {
        int end = Math.min(x + block, width);
        int sum = 0;
        for (; x < end; x++) {
          sum += luma[rowStart + x] & 0xFF;
        }
        sums[firstBlock + bx] += sum;
      }
    }
  }

  private MotionResult compareWithPrevious() {
    int threshold = settings.threshold();
    long changedPixels = 0;
    int left = Integer.MAX_VALUE;
    int top = Integer.MAX_VALUE;
    int right = -1;
    int bottom = -1;
    for (int by = 0; by < blocksDown; by++) {
      for (int bx = 0; bx < blocksAcross; bx++) {
        int i = by * blocksAcross + bx;
        if (Math.abs(currentSums[i] - previousSums[i]) > threshold * blockPixels[i]) {
          changedPixels += blockPixels[i];
          left = Math.min(left, bx);
          right = Math.max(right, bx);
          top = Math.min(top, by);
          bottom = Math.max(bottom, by);
        }
      }
    }
    double changedFraction = (double) changedPixels / ((long) width * height);
    if (changedFraction <= settings.minArea()) {
      return new MotionResult(false, changedFraction, null);
    }
    int block = settings.blockSize();
    int x = left * block;
    int y = top * block;
    return new MotionResult(true, changedFraction,
        new BoundingBox(x, y, Math.min(width, (right + 1) * block) - x, Math.min(height, (bottom + 1) * block) - y));
  }
}
