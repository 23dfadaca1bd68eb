package io.streamfleet.agent.builtin;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A one-slot hand-over from a producer that must never block (a reader draining a live stream) to
 * a consumer that may be slower. A new frame replaces an unread one, so the consumer always gets
 * the newest frame and a slow consumer shows up as dropped frames, not as ever-growing latency.
 *
 * <p>Uses a lock rather than {@code synchronized} so that waiting virtual threads do not pin their
 * carrier on JDK 21.
 */
final class LatestFrameMailbox {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private Frame pending;
  private boolean finished;

  /** Leaves {@code frame} for the consumer; returns true when it replaced an unread frame. */
  boolean offer(Frame frame) {
    lock.lock();
    try {
      boolean replaced = pending != null;
      pending = frame;
      changed.signalAll();
      return replaced;
    } finally {
      lock.unlock();
    }
  }

  /** No more frames will come; a frame already left is still delivered. Idempotent. */
  void finish() {
    lock.lock();
    try {
      finished = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Takes the newest unread frame, waiting up to {@code timeoutNanos} for one.
   *
   * @return the frame, or null once finished and empty
   * @throws TimeoutException when no frame came in time and the producer has not finished
   */
  Frame take(long timeoutNanos) throws InterruptedException, TimeoutException {
    lock.lockInterruptibly();
    try {
      long remaining = timeoutNanos;
      while (pending == null && !finished) {
        if (remaining <= 0) {
          throw new TimeoutException("no frame within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
        }
        remaining = changed.awaitNanos(remaining);
      }
      Frame frame = pending;
      pending = null;
      return frame;
    } finally {
      lock.unlock();
    }
  }
}
