package io.streamfleet.server.leader;

import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.server.failover.DetectorSettings;
import io.streamfleet.server.state.ClusterState;
import io.streamfleet.server.state.StopFence;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The leader's half of the exclusive rule: a pending exclusive stream with a {@link StopFence}
 * (its previous instance, on some node, not yet known dead) may be placed only once that node's
 * confirmation has lifted the fence, or once the node's lease has run out: no lease renewal for
 * it by this leader for a whole lease plus the margin. The agent kills its exclusive processes by
 * then (it, and its watchdog, count from an earlier instant: the heartbeat's send time).
 *
 * <p>Leader memory, on the monotonic clock: when this server last renewed each node's lease. A new
 * leader cannot know when its predecessor last did, only that it stopped before this one was
 * elected (a deposed leader renews only while its majority contact is fresh), so every node counts
 * as renewed when this server became leader.
 */
public final class ExclusiveLeases {
  private final DetectorSettings settings;
  private final Map<String, Long> lastRenewedMs = new ConcurrentHashMap<>();
  private volatile long leaderSinceMs = Long.MAX_VALUE / 2;

  public ExclusiveLeases(DetectorSettings settings) {
    this.settings = settings;
  }

  public void becameLeader(long nowMs) {
    lastRenewedMs.clear();
    leaderSinceMs = nowMs;
  }

  /** This leader renewed {@code nodeId}'s lease at {@code nowMs} (it acknowledged a heartbeat). */
  public void renewed(String nodeId, long nowMs) {
    lastRenewedMs.merge(nodeId, nowMs, Math::max);
  }

  /**
   * Whether pending {@code streamId} must not be placed yet: it is exclusive and its previous
   * instance is fenced on a node whose lease may still hold.
   */
  public boolean waiting(ClusterState state, String streamId, long nowMs) {
    StopFence fence = state.fence(streamId);
    return state.stream(streamId).spec().handover() == HandoverPolicy.EXCLUSIVE && fence != null && nowMs < freeAtMs(fence.node());
  }

  /** When {@code nodeId}'s lease has surely run out, unless this leader renews it before then. */
  public long freeAtMs(String nodeId) {
    long renewed = Math.max(leaderSinceMs, lastRenewedMs.getOrDefault(nodeId, leaderSinceMs));
    return settings.exclusiveFreeAtMs(renewed);
  }
}
