package io.streamfleet.model.job;

/**
 * How often a failing job is tried and how long it waits in between: exponential backoff from
 * {@code backoffMs}, doubling per failed attempt up to {@code maxBackoffMs}, with jitter.
 *
 * @param maxAttempts counted attempts (a preempted attempt does not count), at least 1
 */
public record RetryPolicy(int maxAttempts, long backoffMs, long maxBackoffMs) {
  public static final RetryPolicy DEFAULT = new RetryPolicy(3, 1_000, 60_000);
  public static final int MAX_ATTEMPTS = 100;

  /**
   * The wait before the next attempt after {@code failedAttempts} failures: half of the capped
   * exponential delay, plus a jitter of up to the other half. The jitter is derived from the job
   * id and the attempt, not from a random source, so every server applying the failure computes
   * the same time (and retries of many jobs failing together still spread out).
   */
  public long delayMs(String jobId, int failedAttempts) {
    int doublings = Math.max(0, Math.min(failedAttempts - 1, 30));
    long capped = Math.min(maxBackoffMs, backoffMs << doublings);
    if (capped <= 1) {
      return Math.max(0, capped);
    }
    long half = capped / 2;
    long mix = (jobId.hashCode() * 0x9E3779B97F4A7C15L) ^ (failedAttempts * 0xC2B2AE3D27D4EB4FL);
    return half + Math.floorMod(mix ^ (mix >>> 29), capped - half + 1);
  }
}
