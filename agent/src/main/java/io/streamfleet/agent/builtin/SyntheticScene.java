package io.streamfleet.agent.builtin;

import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * What a {@link SyntheticCamera} sees: a pure function from frame number to picture.
 *
 * <p>Design note. A scene that moved all the time would be one endless motion event, so the big
 * motion is periodic: every {@link #VISIT_EVERY} a bright "visitor" square crosses the picture in
 * {@link #VISIT_LENGTH} and then leaves, which gives a {@code motion_start} and a {@code motion_end}
 * per cycle. A small "ticker" square crawls along the top all the time, so a viewer can see the
 * stream is live; it changes far less of the picture than the default {@code min_area}. Under both
 * lies a static textured gradient and a few levels of per-frame sensor noise, which must not count
 * as motion.
 *
 * <p>Everything derives from the seed and the frame number, so the same camera name gives the same
 * picture for the same frame, in any JVM, whichever frames were skipped before it.
 *
 * <p>Brightness stays within 0-255 by construction (background 30-190, squares 235 and 250, noise
 * -3 to +4), so no pixel needs clamping.
 */
public final class SyntheticScene {
  public static final Duration VISIT_EVERY = Duration.ofSeconds(20);
  public static final Duration VISIT_LENGTH = Duration.ofSeconds(4);
  public static final int MIN_SIZE = 16;
  static final int VISITOR_LUMA = 235;
  static final int TICKER_LUMA = 250;
  private static final int TEXTURE_LEVELS = 10;

  private final long seed;
  private final int width;
  private final int height;
  private final int cycleFrames;
  private final int visitFrames;
  private final byte[] background;
  private final int visitorSide;
  private final int visitorTop;
  private final int tickerSide;
  private final int tickerTop;
  private final int tickerStep;

  /** The standard scene of the camera called {@code name}: a visit of 4 s every 20 s. */
  public static SyntheticScene forCamera(String name, int fps, int width, int height) {
    return forCamera(name, fps, width, height, VISIT_EVERY, VISIT_LENGTH);
  }

  /** The scene of the camera called {@code name} with its own cadence ({@code visit_every_s}, {@code visit_s}). */
  public static SyntheticScene forCamera(String name, int fps, int width, int height, Duration visitEvery, Duration visitLength) {
    return new SyntheticScene(seedOf(name), width, height, framesIn(visitEvery, fps), framesIn(visitLength, fps));
  }

  /**
   * A scene with its own visit cadence, counted in frames: the visitor crosses during frames
   * {@code [k * cycleFrames, k * cycleFrames + visitFrames)}. Tests use short cycles.
   */
  public SyntheticScene(long seed, int width, int height, int cycleFrames, int visitFrames) {
    if (width < MIN_SIZE || height < MIN_SIZE) {
      throw new IllegalArgumentException(
          "scene size is " + width + "x" + height + "; both sides must be at least " + MIN_SIZE);
    }
    if (visitFrames < 1 || visitFrames > cycleFrames) {
      throw new IllegalArgumentException("a visit of " + visitFrames + " frames every " + cycleFrames
          + " frames is impossible; need 1 <= visitFrames <= cycleFrames");
    }
    this.seed = seed;
    this.width = width;
    this.height = height;
    this.cycleFrames = cycleFrames;
    this.visitFrames = visitFrames;
    SplittableRandom random = new SplittableRandom(seed);
    this.background = texturedGradient(width, height, random);
    this.visitorSide = height / 3;
    this.visitorTop = height / 6 + random.nextInt(height - height / 3 - visitorSide + 1);
    this.tickerSide = Math.max(2, Math.min(height / 24, width / 4));
    this.tickerTop = height / 24;
    this.tickerStep = Math.max(1, width / 320);
  }

  /** A seed that depends only on the name ({@link String#hashCode()} is specified, so it is stable). */
  public static long seedOf(String name) {
    return mix(name.hashCode());
  }

  public int width() {
    return width;
  }

  public int height() {
    return height;
  }

  /** Whether the visitor square is in the picture in frame {@code sequence}. */
  public boolean visitorPresent(long sequence) {
    return sequence % cycleFrames < visitFrames;
  }

  /** The picture of frame {@code sequence}: a fresh {@code width * height} array. */
  public byte[] render(long sequence) {
    byte[] luma = background.clone();
    fillSquare(luma, tickerLeft(sequence), tickerTop, tickerSide, TICKER_LUMA);
    if (visitorPresent(sequence)) {
      fillSquare(luma, visitorLeft(sequence), visitorTop, visitorSide, VISITOR_LUMA);
    }
    addSensorNoise(luma, sequence);
    return luma;
  }

  /** The visitor enters at the left and has left on the right by the end of its visit. */
  int visitorLeft(long sequence) {
    long step = sequence % cycleFrames + 1;
    return (int) (-visitorSide + (width + visitorSide) * step / (visitFrames + 1));
  }

  int visitorTop() {
    return visitorTop;
  }

  int visitorSide() {
    return visitorSide;
  }

  int tickerLeft(long sequence) {
    return (int) (sequence * tickerStep % (width - tickerSide));
  }

  int tickerTop() {
    return tickerTop;
  }

  int tickerSide() {
    return tickerSide;
  }

  private static byte[] texturedGradient(int width, int height, SplittableRandom random) {
    byte[] luma = new byte[width * height];
    for (int y = 0; y < height; y++) {
      for (int x = 0; x < width; x++) {
        int gradient = 40 + 100 * x / width + 40 * y / height;
        luma[y * width + x] = (byte) (gradient + random.nextInt(-TEXTURE_LEVELS, TEXTURE_LEVELS + 1));
      }
    }
    return luma;
  }

  /** Draws the part of a square that lies inside the picture; {@code left} may be negative. */
  private void fillSquare(byte[] luma, int left, int top, int side, int value) {
    int x0 = Math.max(0, left);
    int x1 = Math.min(width, left + side);
    if (x0 >= x1) {
      return;
    }
    int y1 = Math.min(height, top + side);
    for (int y = Math.max(0, top); y < y1; y++) {
      Arrays.fill(luma, y * width + x0, y * width + x1, (byte) value);
    }
  }

  /** Noise from -3 to +4 levels, eight pixels per xorshift step: cheap enough for 240 fps. */
  private void addSensorNoise(byte[] luma, long sequence) {
    long state = mix(seed ^ mix(sequence));
    if (state == 0) {
      state = 0x9E3779B97F4A7C15L;
    }
    for (int i = 0; i < luma.length; i += 8) {
      state ^= state << 13;
      state ^= state >>> 7;
      state ^= state << 17;
      long bits = state;
      int end = Math.min(i + 8, luma.length);
      for (int j = i; j < end; j++) {
        luma[j] = (byte) ((luma[j] & 0xFF) + (int) (bits & 7) - 3);
        bits >>>= 8;
      }
    }
  }

  /** The SplitMix64 finaliser: spreads nearby inputs (names, frame numbers) over all 64 bits. */
  private static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  static int framesIn(Duration duration, int fps) {
    return (int) Math.max(1, Math.round(duration.toNanos() * (double) fps / 1_000_000_000L));
  }
}
