package io.streamfleet.server.agents;

import io.streamfleet.protocol.v1.DesiredAssignments;
import io.streamfleet.server.state.StateStore;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Pushes each connected node its desired assignment set as soon as the state changes (not on the
 * next heartbeat). Requests coalesce: many commits in a burst cause one recomputation.
 */
final class DesiredStatePusher implements AutoCloseable {
  private final StateStore store;
  private final AgentRegistry registry;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("desired-pusher").daemon().factory());
  private final AtomicBoolean pending = new AtomicBoolean();

  DesiredStatePusher(StateStore store, AgentRegistry registry) {
    this.store = store;
    this.registry = registry;
  }

  void requestPush() {
    if (!worker.isShutdown() && pending.compareAndSet(false, true)) {
      worker.execute(() -> {
        pending.set(false);
        java.util.List<AgentConnection> connections = java.util.List.copyOf(registry.all());
        java.util.Map<String, Long> fencedSince = new java.util.HashMap<>();
        java.util.Map<String, DesiredAssignments> desired = store.read(s -> {
          s.fences().forEach(f -> fencedSince.merge(f.node(), f.sinceIndex(), Math::max));
          return DesiredAssignmentsBuilder.forNodes(s, connections.stream().map(AgentConnection::nodeId).toList());
        });
        connections.forEach(c -> c.pushDesired(desired.get(c.nodeId()), fencedSince.getOrDefault(c.nodeId(), 0L)));
      });
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
