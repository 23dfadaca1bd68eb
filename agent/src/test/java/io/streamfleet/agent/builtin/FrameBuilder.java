package io.streamfleet.agent.builtin;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Test frames: {@code aFrame(64, 48).filledWith(50).withSquare(8, 8, 16, 200).build()}. */
final class FrameBuilder {
  private final int width;
  private final int height;
  private final byte[] luma;
  private long sequence;
  private long capturedAtNanos;

  private FrameBuilder(int width, int height) {
    this.width = width;
    this.height = height;
    this.luma = new byte[width * height];
  }

  static FrameBuilder aFrame(int width, int height) {
    return new FrameBuilder(width, height);
  }

  FrameBuilder filledWith(int value) {
    Arrays.fill(luma, (byte) value);
    return this;
  }

  FrameBuilder withSquare(int left, int top, int side, int value) {
    return withRect(left, top, side, side, value);
  }

  FrameBuilder withRect(int left, int top, int rectWidth, int rectHeight, int value) {
    for (int y = top; y < top + rectHeight; y++) {
      for (int x = left; x < left + rectWidth; x++) {
        luma[y * width + x] = (byte) value;
      }
    }
    return this;
  }

  /** Adds uniform noise in {@code [-amplitude, amplitude]}, clamped to 0-255. */
  FrameBuilder withNoise(long seed, int amplitude) {
    SplittableRandom random = new SplittableRandom(seed);
    for (int i = 0; i < luma.length; i++) {
      int value = (luma[i] & 0xFF) + random.nextInt(-amplitude, amplitude + 1);
      luma[i] = (byte) Math.max(0, Math.min(255, value));
    }
    return this;
  }

  FrameBuilder sequence(long value) {
    this.sequence = value;
    return this;
  }

  FrameBuilder capturedAt(long nanos) {
    this.capturedAtNanos = nanos;
    return this;
  }

  Frame build() {
    return new Frame(sequence, capturedAtNanos, width, height, luma.clone());
  }
}
