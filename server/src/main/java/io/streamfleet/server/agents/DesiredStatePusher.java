package io.streamfleet.server.agents;

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
        for (AgentConnection c : registry.all()) {
          c.pushDesired(store.read(s -> DesiredAssignmentsBuilder.forNode(s, c.nodeId())));
        }
      });
    }
  }

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
