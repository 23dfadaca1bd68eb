package io.streamfleet.agent.builtin;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * Running figures for one stream: rate and median latency over a sliding window, and totals.
 * Reads no clock: callers pass every timestamp, so tests state exact times.
 *
 * <p>The rate is the number of frame intervals in the window divided by the time from the oldest
 * frame in it to {@code now}: steady at the true rate while frames arrive, falling towards 0 when
 * they stop, and 0 with fewer than two frames. Latency percentiles are nearest-rank ones (the
 * median is the lower of the two middle values for an even count).
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
  private long reconnects;
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

  /** Counts a return of the source after it was away. */
  public void onReconnect() {
    reconnects++;
  }

  public ProcessorStats snapshot(long nowNanos) {
    evictBefore(nowNanos);
    long[] latencies = samples.stream().mapToLong(Sample::latencyNanos).sorted().toArray();
    return new ProcessorStats(fps(nowNanos), percentileMs(latencies, 50), framesProcessed, framesDropped, motionEvents,
        percentileMs(latencies, 99), reconnects);
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

  /** The nearest-rank percentile of sorted {@code latencies}, in milliseconds; 0 for none. */
  private static double percentileMs(long[] latencies, int percent) {
    if (latencies.length == 0) {
      return 0;
    }
    int rank = (int) Math.ceil(percent / 100.0 * latencies.length);
    return latencies[Math.max(0, rank - 1)] / NANOS_PER_MS;
  }
}
