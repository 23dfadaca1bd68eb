package io.streamfleet.server.failover;

/**
 * Keyed one-shot timers on the injected clock: scheduling a key again replaces its timer. The
 * server runs them on one thread ({@link ExecutorTimers}); tests and the simulation fire them by
 * hand as their manual clock advances.
 */
public interface Timers {
  void schedule(String key, long atMs, Runnable task);

  void cancel(String key);

  /** Cancels every timer. */
  void cancelAll();
}
