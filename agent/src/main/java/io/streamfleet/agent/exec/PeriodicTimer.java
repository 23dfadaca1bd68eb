package io.streamfleet.agent.exec;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs a task periodically; injected so that tests fire the ticks themselves instead of waiting. */
@FunctionalInterface
public interface PeriodicTimer {
  /** A scheduled task. */
  @FunctionalInterface
  interface Schedule {
    /** Stops the ticks; a run already under way may still finish. Idempotent. */
    void cancel();
  }

  /** Runs {@code task} every {@code period}, the first time one period from now, until cancelled. */
  Schedule every(Duration period, Runnable task);

  /** Each schedule on its own virtual thread; an exception from the task is logged and the ticks go on. */
  static PeriodicTimer virtualThreads() {
    Logger log = LoggerFactory.getLogger(PeriodicTimer.class);
    return (period, task) -> {
      Thread ticks = Thread.ofVirtual().name("periodic-" + period.toMillis() + "ms").start(() -> {
        try {
          while (!Thread.currentThread().isInterrupted()) {
            Thread.sleep(period);
            try {
              task.run();
            } catch (RuntimeException e) {
              log.error("periodic task failed (it runs again in {} ms): {}", period.toMillis(), e.toString(), e);
            }
          }
        } catch (InterruptedException e) {
          // cancelled
        }
      });
      return ticks::interrupt;
    };
  }
}
