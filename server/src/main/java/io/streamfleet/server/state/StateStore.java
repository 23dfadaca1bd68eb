package io.streamfleet.server.state;

import io.streamfleet.model.Json;
import io.streamfleet.model.command.Command;
import io.streamfleet.model.command.CommandResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;

/**
 * Guards the {@link ClusterState}: the Raft apply thread writes, API threads read. Readers see
 * the state between two applied commands, never half of one.
 */
public final class StateStore {
  private final ReadWriteLock lock = new ReentrantReadWriteLock();
  private ClusterState state = ClusterState.initial();
  private final java.util.List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

  public CommandResult apply(Command command, long logIndex) {
    CommandResult result;
    lock.writeLock().lock();
    try {
      result = state.apply(command, logIndex);
    } finally {
      lock.writeLock().unlock();
    }
    notifyListeners();
    return result;
  }

  /** Listeners only signal other threads; one that throws must not look like a failed apply. */
  private void notifyListeners() {
    for (Runnable listener : changeListeners) {
      try {
        listener.run();
      } catch (RuntimeException e) {
        org.slf4j.LoggerFactory.getLogger(StateStore.class).warn("state change listener failed: {}", e.toString());
      }
    }
  }

  /** Runs {@code listener} on the apply thread after every applied command; it must only signal. */
  public void onChange(Runnable listener) {
    changeListeners.add(listener);
  }

  public <T> T read(Function<ClusterState, T> query) {
    lock.readLock().lock();
    try {
      return query.apply(state);
    } finally {
      lock.readLock().unlock();
    }
  }

  /** The state as snapshot bytes (JSON). */
  public byte[] snapshotBytes() {
    StateSnapshot snap = read(ClusterState::snapshot);
    try {
      return Json.mapper().writeValueAsBytes(snap);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Replaces the whole state with one read from snapshot bytes. */
  public void restore(byte[] bytes) throws IOException {
    ClusterState restored = ClusterState.restore(Json.mapper().readValue(bytes, StateSnapshot.class));
    lock.writeLock().lock();
    try {
      state = restored;
    } finally {
      lock.writeLock().unlock();
    }
    notifyListeners();
  }

  /** Back to a fresh cluster (used when a server starts with no snapshot). */
  public void reset() {
    lock.writeLock().lock();
    try {
      state = ClusterState.initial();
    } finally {
      lock.writeLock().unlock();
    }
  }
}
