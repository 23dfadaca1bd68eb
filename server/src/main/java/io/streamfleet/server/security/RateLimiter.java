package io.streamfleet.server.security;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A token bucket per key (a principal, or a client address before it authenticated): {@code
 * ratePerSecond} sustained, {@code burst} at once. Decisions are values: allowed, or the whole
 * seconds to wait (for {@code Retry-After}).
 */
public final class RateLimiter {
  private final double ratePerNano;
  private final double burst;
  private final LongSupplier nanoTime;
  private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();
  private static final int MAX_KEYS = 100_000;

  private static final class Bucket {
    double tokens;
    long updatedNanos;

    Bucket(double tokens, long now) {
      this.tokens = tokens;
      this.updatedNanos = now;
    }
  }

  /** @param nanoTime a monotonic clock ({@code System::nanoTime} in production) */
  public RateLimiter(double ratePerSecond, int burst, LongSupplier nanoTime) {
    if (ratePerSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("rate limit must be positive (rate " + ratePerSecond + "/s, burst " + burst + ")");
    }
    this.ratePerNano = ratePerSecond / 1e9;
    this.burst = burst;
    this.nanoTime = nanoTime;
  }

  /** 0 when the call may go ahead (and is counted), else the seconds until one may. */
  public long retryAfterSeconds(String key) {
    long now = nanoTime.getAsLong();
    if (buckets.size() > MAX_KEYS) {
      buckets.clear(); // a flood of distinct keys must not exhaust memory; forgetting only forgives
    }
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket(burst, now));
    synchronized (b) {
      b.tokens = Math.min(burst, b.tokens + (now - b.updatedNanos) * ratePerNano);
      b.updatedNanos = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return 0;
      }
      return Math.max(1, (long) Math.ceil((1 - b.tokens) / ratePerNano / 1e9));
    }
  }
}
