package io.streamfleet.server.failover;

/**
 * The failure detector's timings (docs/configuration.md, docs/failover.md).
 *
 * @param heartbeatIntervalMs how often agents send a heartbeat
 * @param suspectAfterMs heartbeat silence after which a node is suspect (no new streams)
 * @param downAfterMs heartbeat silence after which a node is down and its streams move
 * @param reconnectGraceMs how long a node whose session closed may take to come back before it
 *     is down
 * @param leaderGraceMs after this server becomes leader, how long every node has to reconnect
 *     before silence counts against it
 * @param flapThreshold flap penalty (one per lost session, halving every {@code flapHalfLifeMs})
 *     at which a re-registering node is held suspect
 * @param flapHoldMs how long a held node must stay connected before it gets streams again
 * @param leaseMs how long an agent may keep running exclusive streams after its last
 *     acknowledged heartbeat
 * @param leaseMarginMs extra wait on the server side before an exclusive stream of a lost node is
 *     started elsewhere (covers the agent's stop time and clock rate differences)
 */
public record DetectorSettings(
    long heartbeatIntervalMs,
    long suspectAfterMs,
    long downAfterMs,
    long reconnectGraceMs,
    long leaderGraceMs,
    double flapThreshold,
    long flapHalfLifeMs,
    long flapHoldMs,
    long leaseMs,
    long leaseMarginMs) {

  public static final DetectorSettings DEFAULTS = new DetectorSettings(250, 600, 1000, 300, 5000, 2.0, 60_000, 30_000, 1500, 500);

  public DetectorSettings {
    String values = String.format(java.util.Locale.ROOT,
        "heartbeat-interval %d ms, suspect-after %d ms, down-after %d ms, leader-grace %d ms, lease %d ms, reconnect-grace %d ms, "
            + "lease-margin %d ms, flap-threshold %.1f, flap-half-life %d ms, flap-hold %d ms",
        heartbeatIntervalMs, suspectAfterMs, downAfterMs, leaderGraceMs, leaseMs, reconnectGraceMs, leaseMarginMs, flapThreshold,
        flapHalfLifeMs, flapHoldMs);
    if (heartbeatIntervalMs <= 0 || suspectAfterMs <= heartbeatIntervalMs || downAfterMs < suspectAfterMs
        || leaderGraceMs < downAfterMs || leaseMs <= heartbeatIntervalMs) {
      throw new IllegalArgumentException("inconsistent failure detector timings (" + values
          + "): need 0 < heartbeat-interval < suspect-after <= down-after <= leader-grace and heartbeat-interval < lease");
    }
    if (reconnectGraceMs < 0 || leaseMarginMs < 0 || flapThreshold < 1 || flapHalfLifeMs <= 0 || flapHoldMs < 0) {
      throw new IllegalArgumentException("invalid failure detector settings (" + values
          + "): reconnect-grace, lease-margin and flap-hold must be >= 0, flap-half-life > 0, flap-threshold >= 1");
    }
  }

  /** When an exclusive stream last confirmed at {@code lastHeardMs} may run elsewhere. */
  public long exclusiveFreeAtMs(long lastHeardMs) {
    return lastHeardMs + leaseMs + leaseMarginMs;
  }
}
