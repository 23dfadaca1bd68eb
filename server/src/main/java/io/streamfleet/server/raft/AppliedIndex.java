package io.streamfleet.server.raft;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The highest log index this server has applied, with a wait for it to reach a value: how a
 * server that proposed a write through another (the leader) serves its own next read.
 */
public final class AppliedIndex {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition advanced = lock.newCondition();
  private long index = -1;

  void advanceTo(long applied) {
    lock.lock();
    try {
      if (applied > index) {
        index = applied;
        advanced.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  public long get() {
    lock.lock();
    try {
      return index;
    } finally {
      lock.unlock();
    }
  }

  /** Waits until {@code target} is applied or {@code timeout} passes; returns whether it was. */
  public boolean awaitAtLeast(long target, Duration timeout) {
    long remaining = timeout.toNanos();
    lock.lock();
    try {
      while (index < target) {
        if (remaining <= 0) {
          return false;
        }
        remaining = advanced.awaitNanos(remaining);
      }
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      lock.unlock();
    }
  }
}
