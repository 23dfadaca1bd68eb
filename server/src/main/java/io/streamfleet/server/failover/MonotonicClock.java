package io.streamfleet.server.failover;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.LongSupplier;

/**
 * A clock for durations: it starts at the wall time of its creation and then advances with
 * {@link System#nanoTime()}, so a step of the wall clock (NTP, an operator, a VM resuming) never
 * makes a node look silent or a lease look expired early. Silence, leases and timers are measured
 * on it; only display stamps (audit, {@code since_ms}) use the wall clock.
 */
public final class MonotonicClock extends Clock {
  private final long originMs;
  private final long originNanos;
  private final LongSupplier nanos;

  MonotonicClock(long originMs, LongSupplier nanos) {
    this.originMs = originMs;
    this.nanos = nanos;
    this.originNanos = nanos.getAsLong();
  }

  /** The process's monotonic clock, aligned with the wall clock once, now. */
  public static MonotonicClock system() {
    return new MonotonicClock(System.currentTimeMillis(), System::nanoTime);
  }

  @Override
  public long millis() {
    return originMs + Math.floorDiv(nanos.getAsLong() - originNanos, 1_000_000L);
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(millis());
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    throw new UnsupportedOperationException("a monotonic clock measures durations; it has no zone");
  }
}
