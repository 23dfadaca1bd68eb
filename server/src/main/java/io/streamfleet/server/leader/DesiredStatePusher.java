package io.streamfleet.server.leader;

import io.opentelemetry.api.trace.Span;
import io.streamfleet.protocol.v1.DesiredAssignments;
import io.streamfleet.protocol.v1.DesiredInstance;
import io.streamfleet.server.state.StateStore;
import io.streamfleet.server.tracing.StreamTraces;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pushes each connected node its desired assignment set as soon as the state changes (not on the
 * next heartbeat). Requests coalesce: many commits in a burst cause one recomputation. Each set
 * carries the state index it was built from; a node with a {@code StopFence} gets a set at least
 * as new as the fence, so its heartbeats can prove the fenced instance dead.
 */
final class DesiredStatePusher {
  private final StateStore store;
  private final AgentSessions sessions;
  private final Executor worker;
  private final StreamTraces traces;
  private final AtomicBoolean pending = new AtomicBoolean();
  /** Job attempts' instances by job@epoch, built once each (an attempt's instance never changes); only on the worker. */
  private Map<String, DesiredInstance> jobInstances = new HashMap<>();

  DesiredStatePusher(StateStore store, LeaderPorts ports) {
    this.store = store;
    this.sessions = ports.sessions();
    this.worker = ports.workers().apply("desired-pusher");
    this.traces = ports.traces();
  }

  void requestPush() {
    if (pending.compareAndSet(false, true)) {
      worker.execute(this::push);
    }
  }

  /** What one push sends: each node's set, and the state index its fences need it to have. */
  private record Push(Map<String, DesiredAssignments> desired, Map<String, Long> fencedSince) {}

  private void push() {
    pending.set(false);
    List<String> nodes = List.copyOf(sessions.connectedNodes());
    Map<String, DesiredInstance> built = new HashMap<>();
    Push push = store.read(s -> {
      Map<String, Long> fencedSince = new HashMap<>();
      s.fences().forEach(f -> fencedSince.merge(f.node(), f.sinceIndex(), Math::max));
      s.fencedJobs().forEach(j -> fencedSince.merge(j.fence().node(), j.fence().sinceIndex(), Math::max));
      return new Push(DesiredAssignmentsBuilder.forNodes(s, nodes, j -> built.computeIfAbsent(j.id() + "@" + j.epoch(),
          k -> {
            DesiredInstance known = jobInstances.get(k);
            return known != null ? known : DesiredAssignmentsBuilder.jobInstance(s, j);
          })), fencedSince);
    });
    jobInstances = built; // what this push used: finished attempts drop out
    for (String node : nodes) {
      List<Span> pushSpans = new ArrayList<>();
      DesiredAssignments set = traces.pushing(node, push.desired().get(node), pushSpans);
      try {
        sessions.pushDesired(node, set, push.fencedSince().getOrDefault(node, 0L));
      } finally {
        pushSpans.forEach(Span::end);
      }
    }
  }
}
