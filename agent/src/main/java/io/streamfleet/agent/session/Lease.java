package io.streamfleet.agent.session;

import java.util.function.LongSupplier;

/**
 * The agent's lease on its exclusive streams, on its own monotonic clock. Each heartbeat the
 * leader acknowledges extends it to (that heartbeat's send time + lease length): timing from the
 * send, not the receipt, keeps the agent's expiry no later than the leader's, which counts from
 * when it received the heartbeat.
 */
public final class Lease {
  private final LongSupplier monotonicMs;
  private long validUntilMs = Long.MIN_VALUE;

  public Lease(LongSupplier monotonicMs) {
    this.monotonicMs = monotonicMs;
  }

  public long now() {
    return monotonicMs.getAsLong();
  }

  /** An acknowledgement of the heartbeat sent at {@code sentAtMs} granting {@code leaseMs}. */
  public synchronized void acknowledged(long sentAtMs, long leaseMs) {
    validUntilMs = Math.max(validUntilMs, sentAtMs + leaseMs);
  }

  /** Until when (on the monotonic clock) the lease holds; {@link Long#MIN_VALUE} before the first acknowledgement. */
  public synchronized long validUntilMs() {
    return validUntilMs;
  }

  public synchronized boolean valid() {
    return monotonicMs.getAsLong() < validUntilMs;
  }
}
