package io.streamfleet.server.api.seed;

import io.streamfleet.server.state.StateStore;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Lets a long poll sleep until the replicated state changes. One listener on the store completes
 * the current future and installs the next. A waiter takes {@link #next()} <em>before</em> it
 * reads the state, so a change between its read and its wait still wakes it.
 */
public final class StateChanges {
  private final AtomicReference<CompletableFuture<Void>> next = new AtomicReference<>(new CompletableFuture<>());

  public StateChanges(StateStore store) {
    store.onChange(this::changed);
  }

  private void changed() {
    next.getAndSet(new CompletableFuture<>()).complete(null);
  }

  /** Completes at the first change after this call. */
  public CompletableFuture<Void> next() {
    return next.get();
  }

  /** @return whether {@code change} happened within {@code timeoutMs} */
  public static boolean await(CompletableFuture<Void> change, long timeoutMs) throws InterruptedException {
    try {
      change.get(Math.max(0, timeoutMs), TimeUnit.MILLISECONDS);
      return true;
    } catch (TimeoutException e) {
      return false;
    } catch (ExecutionException e) {
      return true;
    }
  }
}
