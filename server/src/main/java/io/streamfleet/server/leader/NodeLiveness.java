package io.streamfleet.server.leader;

import io.streamfleet.protocol.v1.Heartbeat;
import io.streamfleet.protocol.v1.ProcessorUsage;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the agents' heartbeats say, kept in the leader's memory only: it changes several times a
 * second and is worthless after a restart, so it never goes through Raft. Heartbeats are
 * handled here without locks, disk or Raft.
 */
public final class NodeLiveness {
  /** The latest heartbeat of one node, and when it arrived (nanoTime of this server). */
  public record Beat(long receivedNanos, Heartbeat heartbeat) {}

  private final Map<String, Beat> beats = new ConcurrentHashMap<>();

  public void record(String nodeId, Heartbeat heartbeat, long nowNanos) {
    beats.put(nodeId, new Beat(nowNanos, heartbeat));
  }

  public Beat latest(String nodeId) {
    return beats.get(nodeId);
  }

  /** The latest usage report for one processor instance, or null. */
  public ProcessorUsage usage(String nodeId, String streamId, long epoch) {
    Beat b = beats.get(nodeId);
    if (b == null) {
      return null;
    }
    for (ProcessorUsage u : b.heartbeat().getProcessorsList()) {
      if (u.getStreamId().equals(streamId) && u.getEpoch() == epoch) {
        return u;
      }
    }
    return null;
  }

  /** Every node's latest heartbeat, by node. */
  public Map<String, Beat> all() {
    return Map.copyOf(beats);
  }

  public void forget(String nodeId) {
    beats.remove(nodeId);
  }
}
