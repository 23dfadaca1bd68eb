package io.streamfleet.server.leader;

import io.streamfleet.server.failover.ExecutorTimers;
import io.streamfleet.server.failover.Timers;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The server's threads for {@link LeaderPorts}: one daemon thread per worker and per timer set,
 * so a slow commit in one controller never delays another's. {@link #close()} stops them all.
 */
public final class LeaderThreads implements AutoCloseable {
  private final Clock monotonic;
  private final List<ExecutorService> executors = new ArrayList<>();
  private final List<ExecutorTimers> timers = new ArrayList<>();

  public LeaderThreads(Clock monotonic) {
    this.monotonic = monotonic;
  }

  public synchronized Executor worker(String name) {
    ExecutorService e = Executors.newSingleThreadExecutor(Thread.ofPlatform().name(name).daemon().factory());
    executors.add(e);
    return task -> {
      try {
        e.execute(task);
      } catch (java.util.concurrent.RejectedExecutionException stopped) {
        // the server is stopping: nothing more to decide
      }
    };
  }

  public synchronized Timers timers(String name) {
    ExecutorTimers t = new ExecutorTimers(monotonic, name + "-timers");
    timers.add(t);
    return t;
  }

  @Override
  public synchronized void close() {
    timers.forEach(ExecutorTimers::close);
    executors.forEach(ExecutorService::shutdownNow);
  }
}
