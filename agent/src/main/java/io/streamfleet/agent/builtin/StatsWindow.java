package io.streamfleet.agent.builtin;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Running figures for one stream: rate and median latency over a sliding window, and totals.
 * Reads no clock: callers pass every timestamp, so tests state exact times.
 *
 * <p>The rate is the number of frame intervals in the window divided by the time from the oldest
 * frame in it to {@code now}: steady at the true rate while frames arrive, falling towards 0 when
 * they stop, and 0 with fewer than two frames. The median is the nearest-rank one (the lower of
 * the two middle values for an even count).
 */
public final class StatsWindow {
  public static final Duration DEFAULT_WINDOW = Duration.ofSeconds(2);
  private static final double NANOS_PER_MS = 1_000_000.0;
  private static final double NANOS_PER_SECOND = 1_000_000_000.0;

  private record Sample(long analyzedAtNanos, long latencyNanos) {}

  private final long windowNanos;
  private final ArrayDeque<Sample> samples = new ArrayDeque<>();
  private long framesProcessed;
  private long framesDropped;
  private long motionEvents;
  private long lastSequence = -1;

  public StatsWindow(Duration window) {
    if (window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("stats window is " + window + "; it must be positive");
    }
    this.windowNanos = window.toNanos();
  }

  /** Records a frame the processor has finished analysing. */
  public void onFrame(long sequence, long capturedAtNanos, long analyzedAtNanos) {
    framesProcessed++;
    if (lastSequence >= 0 && sequence > lastSequence + 1) {
      framesDropped += sequence - lastSequence - 1;
    }
    lastSequence = Math.max(lastSequence, sequence);
    samples.addLast(new Sample(analyzedAtNanos, Math.max(0, analyzedAtNanos - capturedAtNanos)));
    evictBefore(analyzedAtNanos);
  }

  /** Counts {@code motion_start} events; ends belong to an event already counted. */
  public void onMotionEvent(MotionEvent event) {
    if (event.isStart()) {
      motionEvents++;
    }
  }

  public ProcessorStats snapshot(long nowNanos) {
    evictBefore(nowNanos);
    return new ProcessorStats(fps(nowNanos), medianLatencyMs(), framesProcessed, framesDropped, motionEvents);
  }

  /** Keeps the samples in {@code (now - window, now]}. */
  private void evictBefore(long nowNanos) {
    while (!samples.isEmpty() && nowNanos - samples.peekFirst().analyzedAtNanos() >= windowNanos) {
      samples.removeFirst();
    }
  }

  private double fps(long nowNanos) {
    if (samples.size() < 2) {
      return 0;
    }
    long span = nowNanos - samples.peekFirst().analyzedAtNanos();
    return span <= 0 ? 0 : (samples.size() - 1) * NANOS_PER_SECOND / span;
  }

  private double medianLatencyMs() {
    if (samples.isEmpty()) {
      return 0;
    }
    long[] latencies = samples.stream().mapToLong(Sample::latencyNanos).sorted().toArray();
    return latencies[(latencies.length - 1) / 2] / NANOS_PER_MS;
  }
}
