package io.streamfleet.agent.builtin;

import java.time.Clock;
import java.time.Instant;

/**
 * A camera simulator: frames of a {@link SyntheticScene} paced at a fixed rate.
 *
 * <p>Frame {@code n} is due {@code n / fps} seconds after frame 0, and where frame 0 lies is the
 * camera's {@link Timeline}: at the first {@link #next()} call ({@code timeline=start}, the
 * default), or at the Unix epoch on the wall clock ({@code timeline=wall}), in which case the first
 * call returns the first frame due at or after that moment (waiting for it). Either way the wall clock is read at most once: from
 * the first frame on, the schedule is paced on the injected monotonic clock and is absolute, so
 * rounding never accumulates into drift. A caller that is on time waits (through the injected
 * {@link Sleeper}) until the next frame is due. A caller that is behind gets the frames it missed
 * in order, as a decoder's small queue would hold them, as long as fewer than
 * {@link #FRAMES_HELD} are due; further behind, it gets the newest due frame at once, like a real
 * camera that keeps shooting while nobody reads: the frames in between are skipped, counted in
 * {@link #framesDropped()}, and show up as a jump in sequence numbers. A frame's capture time is
 * when it was due, so a late caller sees the delay as latency.
 *
 * <p>Why a wall timeline: during a make-before-break move two instances of one stream, possibly in
 * different JVMs, read the same camera at once, and the server de-duplicates their events by frame
 * number. Two cameras of the same name on clocks kept in step (NTP) then give the same number, and
 * the same picture, for the same instant.
 *
 * <p>Not thread-safe except for {@link #close()}, after which {@code next()} returns null.
 */
public final class SyntheticCamera implements FrameSource {
  private static final long NANOS_PER_SECOND = 1_000_000_000L;
  /** As many frames as an ffmpeg source holds for a late reader ({@link LatestFrameMailbox#CAPACITY}). */
  static final int FRAMES_HELD = LatestFrameMailbox.CAPACITY;

  /**
   * Where frame 0 lies in time: read once, at the first {@link #next()}, as how many nanoseconds
   * before that moment frame 0 was due.
   */
  @FunctionalInterface
  public interface Timeline {
    long nanosSinceFrameZero();

    /** {@code timeline=start}: frame 0 is the first frame read, so every camera counts from 0. */
    static Timeline start() {
      return () -> 0;
    }

    /**
     * {@code timeline=wall}: frame 0 was due at the Unix epoch on {@code wallClock}, so cameras of
     * the same name and rate number the same instant the same wherever and whenever they start.
     */
    static Timeline wall(Clock wallClock) {
      return wall(wallClock, 0);
    }

    /**
     * {@code timeline=wall} with frame 0 due {@code phaseNanos} after the Unix epoch: cameras of
     * the same rate then do not all shoot at the same instants, as real cameras do not, and two of
     * the same name (same phase) still number the same instant the same.
     */
    static Timeline wall(Clock wallClock, long phaseNanos) {
      return () -> {
        Instant now = wallClock.instant();
        if (now.isBefore(Instant.EPOCH.plusNanos(phaseNanos))) {
          throw new IllegalStateException("the wall clock reads " + now + ", before the Unix epoch; "
              + "timeline=wall numbers frames from 1970-01-01T00:00:00Z, so set the clock (NTP) or use timeline=start");
        }
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), NANOS_PER_SECOND), now.getNano()) - phaseNanos;
      };
    }

    /** A phase within one frame period of {@code fps}, fixed by {@code name}. */
    static long phaseOf(String name, int fps) {
      return Math.floorMod(SyntheticScene.seedOf(name), NANOS_PER_SECOND / fps);
    }
  }

  private final SyntheticScene scene;
  private final int fps;
  private final Timeline timeline;
  private final NanoClock clock;
  private final Sleeper sleeper;
  /** The monotonic reading at the first frame. */
  private long firstFrameNanos;
  /** How long after frame 0 was due the first frame was read: 0 on a start timeline. */
  private long firstFrameSinceFrameZero;
  private long lastSequence = -1;
  private long framesDropped;
  private volatile boolean closed;

  /** The standard scene of camera {@code name}, as {@code synthetic://name?fps=..&width=..&height=..}. */
  public SyntheticCamera(String name, int fps, int width, int height, NanoClock clock, Sleeper sleeper) {
    this(SyntheticScene.forCamera(name, fps, width, height), fps, clock, sleeper);
  }

  /** A camera on a start timeline: frame 0 is the first frame read. */
  public SyntheticCamera(SyntheticScene scene, int fps, NanoClock clock, Sleeper sleeper) {
    this(scene, fps, Timeline.start(), clock, sleeper);
  }

  /**
   * @param timeline where frame 0 lies; read once, at the first {@link #next()}
   * @param clock and {@code sleeper} pace every frame after the first
   */
  public SyntheticCamera(SyntheticScene scene, int fps, Timeline timeline, NanoClock clock, Sleeper sleeper) {
    if (fps < 1) {
      throw new IllegalArgumentException("fps is " + fps + "; a synthetic camera needs at least 1");
    }
    this.scene = scene;
    this.fps = fps;
    this.timeline = timeline;
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
      firstFrameNanos = now;
      firstFrameSinceFrameZero = timeline.nanosSinceFrameZero();
      // On a wall timeline, the frames due before the camera started are not drops: nobody was
      // reading. Nor are they delivered: like a real camera, it shows what it shoots from now on,
      // the first frame due at or after the start (so an instance that replaces another within
      // one frame period does not process the other's last frame again).
      sequence = framesDueWithin(firstFrameSinceFrameZero, fps);
      if (offsetOf(sequence, fps) < firstFrameSinceFrameZero) {
        sequence++;
        sleeper.sleepNanos(offsetOf(sequence, fps) - firstFrameSinceFrameZero);
        now = clock.nanoTime();
      }
    } else {
      sequence = lastSequence + 1;
      long newestDue = framesDueWithin(sinceFrameZero(now), fps);
      if (newestDue - sequence >= FRAMES_HELD) {
        framesDropped += newestDue - sequence;
        sequence = newestDue;
      } else if (newestDue < sequence) {
        long dueAt = firstFrameNanos + (offsetOf(sequence, fps) - firstFrameSinceFrameZero);
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
    long dueAt = firstFrameNanos + (offsetOf(sequence, fps) - firstFrameSinceFrameZero);
    return new Frame(sequence, Math.min(now, dueAt), scene.width(), scene.height(), scene.render(sequence));
  }

  /** Frames skipped so far because more than {@link #FRAMES_HELD} were due unread. */
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

  /** How long after frame 0 was due the monotonic reading {@code now} is. */
  private long sinceFrameZero(long now) {
    return now - firstFrameNanos + firstFrameSinceFrameZero;
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
