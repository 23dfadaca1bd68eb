package io.streamfleet.server.failover;

import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@link Timers} on one daemon thread: tasks run one at a time, in due order. */
public final class ExecutorTimers implements Timers, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ExecutorTimers.class);

  private final Clock clock;
  private final ScheduledExecutorService executor;
  private final Map<String, ScheduledFuture<?>> byKey = new ConcurrentHashMap<>();

  public ExecutorTimers(Clock clock, String threadName) {
    this.clock = clock;
    this.executor = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name(threadName).daemon().factory());
  }

  @Override
  public void schedule(String key, long atMs, Runnable task) {
    if (executor.isShutdown()) {
      return;
    }
    long delay = Math.max(0, atMs - clock.millis());
    ScheduledFuture<?>[] self = new ScheduledFuture<?>[1];
    self[0] = executor.schedule(() -> {
      byKey.remove(key, self[0]);
      try {
        task.run();
      } catch (RuntimeException e) {
        log.warn("timer {} failed: {}", key, e.toString());
      }
    }, delay, TimeUnit.MILLISECONDS);
    ScheduledFuture<?> old = byKey.put(key, self[0]);
    if (old != null) {
      old.cancel(false);
    }
  }

  @Override
  public void cancel(String key) {
    ScheduledFuture<?> f = byKey.remove(key);
    if (f != null) {
      f.cancel(false);
    }
  }

  @Override
  public void cancelAll() {
    byKey.keySet().forEach(this::cancel);
  }

  @Override
  public void close() {
    executor.shutdownNow();
  }
}
