package io.streamfleet.model.rule;

/**
 * A rule as the replicated state holds it: its spec and its firings.
 *
 * @param firings how many times it has fired
 * @param activeFiringId the firing whose action runs now, or null
 * @param activeSinceMs when the active firing started
 * @param activeUntilMs when the active firing's action ends unless re-confirmed
 * @param lastFiredMs when it last fired (cool-down), 0 never
 * @param lastEndedMs when its last action ended, 0 never
 */
public record RuleState(RuleSpec spec, long firings, String activeFiringId, long activeSinceMs, long activeUntilMs,
    long lastFiredMs, long lastEndedMs) {

  public static RuleState of(RuleSpec spec) {
    return new RuleState(spec, 0, null, 0, 0, 0, 0);
  }

  public RuleState withSpec(RuleSpec newSpec) {
    return new RuleState(newSpec, firings, activeFiringId, activeSinceMs, activeUntilMs, lastFiredMs, lastEndedMs);
  }

  public RuleState fired(String firingId, long atMs, long untilMs) {
    return new RuleState(spec, firings + 1, firingId, atMs, untilMs, atMs, lastEndedMs);
  }

  public RuleState extended(long untilMs) {
    return new RuleState(spec, firings, activeFiringId, activeSinceMs, Math.max(activeUntilMs, untilMs), lastFiredMs, lastEndedMs);
  }

  public RuleState ended(long atMs) {
    return new RuleState(spec, firings, null, 0, 0, lastFiredMs, atMs);
  }

  /** The id the next firing gets. */
  public String nextFiringId() {
    return spec.id() + "-" + (firings + 1);
  }
}
