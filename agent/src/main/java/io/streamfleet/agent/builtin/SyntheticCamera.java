package io.streamfleet.agent.builtin;

/**
 * A camera simulator: frames of a {@link SyntheticScene} paced at a fixed rate.
 *
 * <p>Frame {@code n} is due {@code n / fps} seconds after the first {@link #next()} call, on the
 * injected clock; the schedule is absolute, so rounding never accumulates into drift. A caller that
 * is on time waits (through the injected {@link Sleeper}) until the next frame is due. A caller that
 * has fallen a whole frame period or more behind gets the newest due frame at once, like a real
 * camera that keeps shooting while nobody reads: the frames in between are skipped, counted in
 * {@link #framesDropped()}, and show up as a jump in sequence numbers.
 *
 * <p>Not thread-safe except for {@link #close()}, after which {@code next()} returns null.
 */
public final class SyntheticCamera implements FrameSource {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  private final SyntheticScene scene;
  private final int fps;
  private final NanoClock clock;
  private final Sleeper sleeper;
  private long startNanos;
  private long lastSequence = -1;
  private long framesDropped;
  private volatile boolean closed;

  /** The standard scene of camera {@code name}, as {@code synthetic://name?fps=..&width=..&height=..}. */
  public SyntheticCamera(String name, int fps, int width, int height, NanoClock clock, Sleeper sleeper) {
    this(SyntheticScene.forCamera(name, fps, width, height), fps, clock, sleeper);
  }

  public SyntheticCamera(SyntheticScene scene, int fps, NanoClock clock, Sleeper sleeper) {
    if (fps < 1) {
      throw new IllegalArgumentException("fps is " + fps + "; a synthetic camera needs at least 1");
    }
    this.scene = scene;
    this.fps = fps;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  @Override
  public Frame next() throws InterruptedException {
    if (closed) {
      return null;
    }
    long now = clock.nanoTime();
    long sequence;
    if (lastSequence < 0) {
      startNanos = now;
      sequence = 0;
    } else {
      sequence = lastSequence + 1;
      long newestDue = framesDueWithin(now - startNanos, fps);
      if (newestDue > sequence) {
        framesDropped += newestDue - sequence;
        sequence = newestDue;
      } else {
        long dueAt = startNanos + offsetOf(sequence, fps);
        if (dueAt > now) {
          sleeper.sleepNanos(dueAt - now);
          now = clock.nanoTime();
        }
      }
    }
    if (closed) {
      return null;
    }
    lastSequence = sequence;
    return new Frame(sequence, now, scene.width(), scene.height(), scene.render(sequence));
  }

  /** Frames skipped so far because the caller was a whole period or more behind schedule. */
  public long framesDropped() {
    return framesDropped;
  }

  public int fps() {
    return fps;
  }

  @Override
  public void close() {
    closed = true;
  }

  /**
   * The number of the newest frame due {@code elapsedNanos} after frame 0, i.e.
   * floor(elapsed * fps / 1 s), computed without overflow for any elapsed time.
   */
  static long framesDueWithin(long elapsedNanos, int fps) {
    return (elapsedNanos / NANOS_PER_SECOND) * fps + (elapsedNanos % NANOS_PER_SECOND) * fps / NANOS_PER_SECOND;
  }

  /**
   * When frame {@code sequence} is due, in nanoseconds after frame 0: ceil(sequence * 1 s / fps),
   * the first instant at which {@link #framesDueWithin} reaches {@code sequence}.
   */
  static long offsetOf(long sequence, int fps) {
    return (sequence / fps) * NANOS_PER_SECOND + ((sequence % fps) * NANOS_PER_SECOND + fps - 1) / fps;
  }
}
