package io.streamfleet.agent.builtin;

import java.util.Locale;

/**
 * How many 640x360 frames per second one core can run through {@link MotionDetector#analyze}.
 * Frames are rendered beforehand (a synthetic scene with its visitor crossing, so blocks do
 * change), then analysed in a loop on this thread: a warm-up, then a timed run.
 *
 * <p>Run: {@code java -cp agent/target/classes:model/target/classes
 * io.streamfleet.agent.builtin.MotionThroughputBench [seconds]}
 */
public final class MotionThroughputBench {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 360;
  private static final int FRAME_COUNT = 64;
  private static final long WARM_UP_NANOS = 3_000_000_000L;

  private MotionThroughputBench() {}

  public static void main(String[] args) {
    double seconds = args.length > 0 ? Double.parseDouble(args[0]) : 5;
    Frame[] frames = renderFrames();
    MotionDetector detector = new MotionDetector(MotionSettings.DEFAULTS);
    run(detector, frames, WARM_UP_NANOS);
    Result result = run(detector, frames, (long) (seconds * 1e9));
    System.out.printf(Locale.ROOT,
        "MotionDetector.analyze, %dx%d, block %d: %.0f frames/s on one core (%d frames in %.2f s; %d with motion)%n",
        WIDTH, HEIGHT, MotionSettings.DEFAULTS.blockSize(), result.frames / (result.nanos / 1e9), result.frames,
        result.nanos / 1e9, result.withMotion);
  }

  private record Result(long frames, long nanos, long withMotion) {}

  /** Frames from inside a visit (the visitor crosses during the first 32 of each 64). */
  private static Frame[] renderFrames() {
    SyntheticScene scene = new SyntheticScene(SyntheticScene.seedOf("bench"), WIDTH, HEIGHT, FRAME_COUNT, FRAME_COUNT / 2);
    Frame[] frames = new Frame[FRAME_COUNT];
    for (int i = 0; i < FRAME_COUNT; i++) {
      frames[i] = new Frame(i, 0, WIDTH, HEIGHT, scene.render(i));
    }
    return frames;
  }

  private static Result run(MotionDetector detector, Frame[] frames, long durationNanos) {
    long start = System.nanoTime();
    long deadline = start + durationNanos;
    long count = 0;
    long withMotion = 0;
    while (System.nanoTime() < deadline) {
      for (Frame frame : frames) {
        if (detector.analyze(frame).motion()) {
          withMotion++;
        }
      }
      count += frames.length;
    }
    return new Result(count, System.nanoTime() - start, withMotion);
  }
}
