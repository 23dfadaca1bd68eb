package io.streamfleet.agent.events;

import java.time.Duration;

/**
 * How much the {@link EventOutbox} keeps while a sink is behind. Over either bound it deletes its
 * oldest segments even if some sink has not acknowledged them, and counts those events as
 * dropped: an agent cut off for longer than this loses its oldest events rather than its disk.
 *
 * @param maxBytes all segments together (default 256 MiB; {@code --outbox-max-mb})
 * @param maxAge a segment whose newest event is older than this is deleted (default 7 days;
 *     {@code --outbox-max-age-h})
 * @param segmentBytes a segment file is closed and a new one begun at this size (default 4 MiB,
 *     at most a quarter of {@code maxBytes}); the bounds are kept to within one segment
 */
public record OutboxLimits(long maxBytes, Duration maxAge, long segmentBytes) {
  public static final long MIB = 1024 * 1024;
  public static final long DEFAULT_MAX_BYTES = 256 * MIB;
  public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);
  public static final long DEFAULT_SEGMENT_BYTES = 4 * MIB;
  public static final OutboxLimits DEFAULTS = new OutboxLimits(DEFAULT_MAX_BYTES, DEFAULT_MAX_AGE);

  /** Segments of the default size, or a quarter of {@code maxBytes} when that is smaller. */
  public OutboxLimits(long maxBytes, Duration maxAge) {
    this(maxBytes, maxAge, Math.max(1, Math.min(DEFAULT_SEGMENT_BYTES, maxBytes / 4)));
  }

  public OutboxLimits {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("the event outbox's size bound is " + maxBytes
          + " bytes; it must be positive (--outbox-max-mb 1 or more)");
    }
    if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
      throw new IllegalArgumentException("the event outbox's age bound is " + maxAge
          + "; it must be positive (--outbox-max-age-h 1 or more)");
    }
    if (segmentBytes <= 0 || segmentBytes > maxBytes) {
      throw new IllegalArgumentException("the event outbox's segment size is " + segmentBytes
          + " bytes; it must be between 1 and the size bound, " + maxBytes + " bytes");
    }
  }

  /**
   * The limits the agent's flags ask for.
   *
   * @param maxMb {@code --outbox-max-mb}, or null for the default
   * @param maxAgeHours {@code --outbox-max-age-h}, or null for the default
   */
  public static OutboxLimits of(Integer maxMb, Integer maxAgeHours) {
    if (maxMb != null && maxMb < 1) {
      throw new IllegalArgumentException("--outbox-max-mb " + maxMb + " is too small; give 1 or more (MiB; default "
          + DEFAULT_MAX_BYTES / MIB + ")");
    }
    if (maxAgeHours != null && maxAgeHours < 1) {
      throw new IllegalArgumentException("--outbox-max-age-h " + maxAgeHours + " is too small; give 1 or more (hours; default "
          + DEFAULT_MAX_AGE.toHours() + ")");
    }
    return new OutboxLimits(maxMb == null ? DEFAULT_MAX_BYTES : maxMb * MIB,
        maxAgeHours == null ? DEFAULT_MAX_AGE : Duration.ofHours(maxAgeHours));
  }
}
