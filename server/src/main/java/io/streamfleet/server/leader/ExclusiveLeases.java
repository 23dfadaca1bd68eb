package io.streamfleet.server.leader;

import io.streamfleet.model.Assignment;
import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.server.failover.DetectorSettings;
import io.streamfleet.server.state.ClusterState;
import io.streamfleet.server.state.StopFence;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leader's side of exclusive handover: an agent keeps running its exclusive streams until
 * its lease (renewed by every acknowledged heartbeat) runs out, so the leader must not start such
 * a stream elsewhere before then. This remembers, per stream, the earliest time it may be placed
 * again. Leader memory only: a new leader cannot know when the old one last renewed a lease, so
 * {@link #becameLeader} holds every exclusive stream for a whole lease.
 */
public final class ExclusiveLeases {
  private final DetectorSettings settings;
  private final Map<String, Long> freeAtMs = new ConcurrentHashMap<>();
  /** Nodes declared down: no lease renewal until their old lease (and the margin) has run out. */
  private final Map<String, Long> noRenewalUntilMs = new ConcurrentHashMap<>();
  private volatile long leaderFreeAtMs;

  public ExclusiveLeases(DetectorSettings settings) {
    this.settings = settings;
  }

  public void becameLeader(long nowMs) {
    freeAtMs.clear();
    noRenewalUntilMs.clear();
    leaderFreeAtMs = settings.exclusiveFreeAtMs(nowMs);
  }

  /** Stream {@code streamId} left a node whose agent last renewed its lease at {@code lastHeardMs}. */
  public void released(String streamId, long lastHeardMs) {
    freeAtMs.merge(streamId, settings.exclusiveFreeAtMs(lastHeardMs), Math::max);
  }

  /**
   * Node {@code nodeId}, last heard at {@code lastHeardMs}, is being declared down: each of its
   * exclusive streams may run elsewhere only once that node's lease has run out.
   */
  public void releaseStreamsOf(ClusterState state, String nodeId, long lastHeardMs) {
    // If the node came back at once and had its lease renewed, it would keep running what the
    // leader is about to start elsewhere: its lease must lapse first (found by the simulation,
    // seed 44: a node paused for less than its lease, declared down, registered again in time).
    noRenewalUntilMs.merge(nodeId, settings.exclusiveFreeAtMs(lastHeardMs), Math::max);
    for (Assignment a : state.assignments()) {
      if (nodeId.equals(a.node()) && state.stream(a.streamId()).spec().handover() == HandoverPolicy.EXCLUSIVE) {
        released(a.streamId(), lastHeardMs);
      }
    }
    // Instances told to stop that the node never confirmed dead: their lease is the only proof left.
    for (StopFence f : state.fences()) {
      if (nodeId.equals(f.node())) {
        released(f.streamId(), lastHeardMs);
      }
    }
  }

  /**
   * Whether pending {@code streamId} must not be placed yet: it is exclusive and its previous
   * instance is not known dead (a fence not yet confirmed, or an old lease that may still run).
   */
  public boolean waiting(ClusterState state, String streamId, long nowMs) {
    return state.stream(streamId).spec().handover() == HandoverPolicy.EXCLUSIVE
        && (state.fence(streamId) != null || !mayPlace(streamId, nowMs));
  }

  /** Whether {@code nodeId}'s lease may be renewed at {@code nowMs} (not while an old one must run out). */
  public boolean mayRenew(String nodeId, long nowMs) {
    Long until = noRenewalUntilMs.get(nodeId);
    if (until == null) {
      return true;
    }
    if (until <= nowMs) {
      noRenewalUntilMs.remove(nodeId, until);
      return true;
    }
    return false;
  }

  /** When {@code streamId} may be placed, or a time in the past when it may now. */
  public long freeAtMs(String streamId) {
    return Math.max(leaderFreeAtMs, freeAtMs.getOrDefault(streamId, 0L));
  }

  public boolean mayPlace(String streamId, long nowMs) {
    long at = freeAtMs(streamId);
    if (at <= nowMs) {
      freeAtMs.remove(streamId);
      return true;
    }
    return false;
  }
}
