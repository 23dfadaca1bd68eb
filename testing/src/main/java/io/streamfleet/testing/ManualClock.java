package io.streamfleet.testing;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** A clock that moves only when told to. */
public final class ManualClock extends Clock {
  private long nowMs;

  public ManualClock(long startMs) {
    this.nowMs = startMs;
  }

  public void set(long ms) {
    if (ms < nowMs) {
      throw new IllegalArgumentException("time only moves forward: " + ms + " < " + nowMs);
    }
    nowMs = ms;
  }

  @Override
  public long millis() {
    return nowMs;
  }

  @Override
  public Instant instant() {
    return Instant.ofEpochMilli(nowMs);
  }

  @Override
  public ZoneId getZone() {
    return ZoneOffset.UTC;
  }

  @Override
  public Clock withZone(ZoneId zone) {
    return this;
  }
}
