package io.streamfleet.server.leader;

import io.streamfleet.model.Assignment;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.server.state.ClusterState;
import java.util.Collection;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.DoubleConsumer;

/**
 * How long each failover took, as the leader sees it: from the lost node's last heartbeat to each
 * of its streams running on another node (the committed report of its new instance). Times are on
 * the failure detector's monotonic clock. A stream that never runs elsewhere within {@link
 * #GIVE_UP_MS} (no room, deleted) is not counted.
 */
public final class FailoverTimes {
  static final long GIVE_UP_MS = 600_000;

  private record Pending(String fromNode, long lastHeardMs) {}

  private final Map<String, Pending> pending = new ConcurrentHashMap<>();
  private volatile DoubleConsumer measured = seconds -> {};

  /** Where each measurement goes (seconds); the server's metrics. */
  public void onMeasured(DoubleConsumer sink) {
    measured = sink;
  }

  /** {@code node}, last heard at {@code lastHeardMs}, was declared down while it held {@code streams}. */
  void nodeDown(String node, long lastHeardMs, Collection<String> streams) {
    streams.forEach(s -> pending.put(s, new Pending(node, lastHeardMs)));
  }

  /** After a state change: the streams that now run elsewhere are measured. */
  void stateChanged(ClusterState state, long nowMs) {
    for (Iterator<Map.Entry<String, Pending>> it = pending.entrySet().iterator(); it.hasNext(); ) {
      Map.Entry<String, Pending> e = it.next();
      Assignment a = state.assignment(e.getKey());
      if (a == null || nowMs - e.getValue().lastHeardMs() > GIVE_UP_MS) {
        it.remove();
      } else if (a.state() == AssignmentState.RUNNING && a.node() != null && !a.node().equals(e.getValue().fromNode())) {
        it.remove();
        measured.accept(Math.max(0, nowMs - e.getValue().lastHeardMs()) / 1000.0);
      }
    }
  }

  boolean waiting() {
    return !pending.isEmpty();
  }
}
