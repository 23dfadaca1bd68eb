package io.streamfleet.model.rollout;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.streamfleet.model.UpdatePolicy;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * One processor version reaching the streams that use the processor: each stream moves to
 * {@code version} make-before-break, on its own node, at most {@code policy.maxParallel()} at a
 * time; a stream counts as healthy once its new instance has run {@code policy.minHealthyTimeMs()}.
 *
 * @param fromVersion the processor's version before this rollout (what a revert goes back to)
 * @param revertOf the version this rollout reverts, or 0 when it is not a revert
 * @param updatedMs stream → when its instance at {@code version} became current
 * @param failures streams whose update failed (never ready, or failed before it was healthy)
 * @param promoted an operator promoted it past its canary
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Rollout(
    String processor,
    long version,
    long fromVersion,
    UpdatePolicy policy,
    RolloutStatus status,
    String reason,
    long startedMs,
    long endedMs,
    int failures,
    boolean promoted,
    long revertOf,
    SortedMap<String, Long> updatedMs) {

  public Rollout {
    updatedMs = updatedMs == null ? new TreeMap<>() : new TreeMap<>(updatedMs);
  }

  public static Rollout start(String processor, long version, long fromVersion, UpdatePolicy policy, long atMs, long revertOf) {
    return new Rollout(processor, version, fromVersion, policy, RolloutStatus.RUNNING,
        revertOf == 0 ? null : "reverting version " + revertOf, atMs, 0, 0, false, revertOf, new TreeMap<>());
  }

  public Rollout withStatus(RolloutStatus s, String why, long atMs) {
    return new Rollout(processor, version, fromVersion, policy, s, why, startedMs, s.active() ? 0 : atMs, failures, promoted, revertOf, updatedMs);
  }

  public Rollout promote() {
    return new Rollout(processor, version, fromVersion, policy, RolloutStatus.RUNNING, "promoted", startedMs, 0, failures, true, revertOf, updatedMs);
  }

  public Rollout withFailure() {
    return new Rollout(processor, version, fromVersion, policy, status, reason, startedMs, endedMs, failures + 1, promoted, revertOf, updatedMs);
  }

  public Rollout withUpdated(String streamId, long atMs) {
    SortedMap<String, Long> m = new TreeMap<>(updatedMs);
    m.put(streamId, atMs);
    return new Rollout(processor, version, fromVersion, policy, status, reason, startedMs, endedMs, failures, promoted, revertOf, m);
  }

  /** Whether the canary stage holds new moves: a canary, not yet promoted. */
  public boolean inCanary() {
    return policy.canary() > 0 && !promoted;
  }

  /** Failures beyond what the policy tolerates. */
  public boolean failing() {
    return failures > policy.maxFailures();
  }
}
