package io.streamfleet.server.agents;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs tasks one at a time, in order, on a virtual thread started for each burst: a session's
 * inbox, which needs no thread of its own while idle and nothing to shut down.
 */
final class SerialExecutor implements Executor {
  private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
  private final AtomicBoolean draining = new AtomicBoolean();
  private final String name;

  SerialExecutor(String name) {
    this.name = name;
  }

  @Override
  public void execute(Runnable task) {
    tasks.add(task);
    if (draining.compareAndSet(false, true)) {
      Thread.ofVirtual().name(name).start(this::drain);
    }
  }

  private void drain() {
    while (true) {
      for (Runnable t = tasks.poll(); t != null; t = tasks.poll()) {
        t.run();
      }
      draining.set(false);
      // A task added after the last poll but before the flag was cleared found it set: take it.
      if (tasks.isEmpty() || !draining.compareAndSet(false, true)) {
        return;
      }
    }
  }
}
