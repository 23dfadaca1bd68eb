package io.streamfleet.agent.builtin;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A small hand-over from a producer that must never block (a reader draining a live stream) to a
 * consumer that may be slower: at most {@link #CAPACITY} frames wait, oldest first, and a new frame
 * arriving at a full mailbox pushes the oldest out. A consumer that falls behind for a moment (a
 * GC pause, a busy core) still gets every frame, a little late; one that stays behind gets recent
 * frames and shows up as dropped frames, never as ever-growing latency (at most
 * {@code CAPACITY} frame periods).
 *
 * <p>Uses a lock rather than {@code synchronized} so that waiting virtual threads do not pin their
 * carrier on JDK 21.
 */
final class LatestFrameMailbox {
  /** Frames that may wait: 100 ms at 30 fps, enough to ride out a scheduling hiccup. */
  static final int CAPACITY = 3;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final ArrayDeque<Frame> pending = new ArrayDeque<>(CAPACITY);
  private boolean finished;

  /** Leaves {@code frame} for the consumer; returns true when it pushed out an unread frame. */
  boolean offer(Frame frame) {
    lock.lock();
    try {
      boolean full = pending.size() == CAPACITY;
      if (full) {
        pending.removeFirst();
      }
      pending.addLast(frame);
      changed.signalAll();
      return full;
    } finally {
      lock.unlock();
    }
  }

  /** No more frames will come; frames already left are still delivered. Idempotent. */
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
   * Takes the oldest waiting frame, waiting up to {@code timeoutNanos} for one.
   *
   * @return the frame, or null once finished and empty
   * @throws TimeoutException when no frame came in time and the producer has not finished
   */
  Frame take(long timeoutNanos) throws InterruptedException, TimeoutException {
    lock.lockInterruptibly();
    try {
      long remaining = timeoutNanos;
      while (pending.isEmpty() && !finished) {
        if (remaining <= 0) {
          throw new TimeoutException("no frame within " + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms");
        }
        remaining = changed.awaitNanos(remaining);
      }
      return pending.pollFirst();
    } finally {
      lock.unlock();
    }
  }
}
