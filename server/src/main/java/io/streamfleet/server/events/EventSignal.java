package io.streamfleet.server.events;

import io.streamfleet.server.state.StateStore;

/**
 * Wakes readers of the event log when an entry is appended: the event stream's clients and the
 * leader's publishers wait here instead of polling. Every applied command signals (it may have
 * appended); waiters re-read the log and wait again if nothing they want arrived.
 */
public final class EventSignal {
  private final StateStore store;
  private long version;

  public EventSignal(StateStore store) {
    this.store = store;
    store.onChange(this::signal);
  }

  private synchronized void signal() {
    version++;
    notifyAll();
  }

  /**
   * Waits until the log holds an entry after {@code afterId}, or {@code timeoutMs} passed.
   *
   * @return whether there is an entry after {@code afterId}
   */
  public boolean awaitAfter(long afterId, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + timeoutMs * 1_000_000;
    synchronized (this) {
      while (store.read(s -> s.lastEventId()) <= afterId) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        wait(Math.max(1, left / 1_000_000));
      }
    }
    return true;
  }
}
