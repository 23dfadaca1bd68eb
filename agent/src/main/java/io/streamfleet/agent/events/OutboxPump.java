package io.streamfleet.agent.events;

import io.streamfleet.protocol.v1.ProcessorEvent;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds one {@link EventSink} from the {@link EventOutbox}, on its own thread, and is the
 * {@link EventSink.Acks} the sink confirms through.
 *
 * <h2>Design</h2>
 *
 * Two positions: {@code acknowledged} (the sink's confirmed offset, which is also its outbox
 * cursor) and {@code inFlight} (the last offset handed to the sink). The thread sleeps on a
 * condition until the outbox has events after {@code inFlight} and fewer than {@code window}
 * events are unacknowledged, then delivers the next batch. Appends, acknowledgements, rewinds
 * and {@link #close()} signal the condition; nothing polls.
 *
 * <ul>
 *   <li>A sink that refuses a batch (unavailable), or reports a failure later ({@link #failed()}),
 *       is retried from {@code acknowledged} after {@code retryDelay(failures so far)}, or at once
 *       on {@link #rewind()} / {@link #poke()}.
 *   <li>{@link #rewind()} (the sink reconnected; what was in flight is lost) sends everything
 *       after {@code acknowledged} again. A delivery that was under way when the rewind came does
 *       not move {@code inFlight} afterwards: each rewind starts a new generation.
 * </ul>
 *
 * The same event may so reach a sink twice, never out of order within one delivery sequence;
 * consumers de-duplicate by (stream, epoch, sequence). The thread is never interrupted while it
 * reads the outbox.
 */
public final class OutboxPump implements EventSink.Acks, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(OutboxPump.class);
  /** The most events handed to the sink at once. */
  static final int MAX_BATCH = 256;
  public static final int DEFAULT_WINDOW = 1_000;

  private final EventOutbox outbox;
  private final EventSink sink;
  private final int window;
  private final IntFunction<Duration> retryDelay;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition wake = lock.newCondition();
  private final Thread thread;
  /** Offsets delivered and not yet acknowledged, oldest first (at most {@code window}). */
  private final Deque<Long> unacknowledged = new ArrayDeque<>();
  private long acknowledged;
  private long inFlight;
  private long generation;
  private int failures;
  private boolean retryPending;
  private long retryAtNanos;
  private boolean closed;

  private OutboxPump(EventOutbox outbox, EventSink sink, int window, IntFunction<Duration> retryDelay) {
    if (window < 1) {
      throw new IllegalArgumentException("pump window " + window + " for sink " + sink.name() + " must be at least 1");
    }
    this.outbox = outbox;
    this.sink = sink;
    this.window = window;
    this.retryDelay = retryDelay;
    this.acknowledged = outbox.cursor(sink.name());
    this.inFlight = acknowledged;
    this.thread = Thread.ofPlatform().name("outbox-pump-" + sink.name()).daemon().unstarted(this::run);
  }

  /**
   * Starts feeding {@code sink} from its cursor in {@code outbox}.
   *
   * @param window the most events delivered and not yet acknowledged
   * @param retryDelay how long to wait before trying an unavailable sink again, given how many
   *     tries in a row have failed (0 for the first); the agent uses a jittered backoff capped at 2 s
   */
  public static OutboxPump start(EventOutbox outbox, EventSink sink, int window, IntFunction<Duration> retryDelay) {
    OutboxPump pump = new OutboxPump(outbox, sink, window, retryDelay);
    outbox.whenAppended(pump::appended);
    pump.thread.start();
    return pump;
  }

  /** {@inheritDoc} Moves the sink's cursor in the outbox too. */
  @Override
  public void acknowledge(long upToOffset) {
    lock.lock();
    try {
      if (upToOffset <= acknowledged) {
        return;
      }
      acknowledged = upToOffset;
      inFlight = Math.max(inFlight, upToOffset);
      while (!unacknowledged.isEmpty() && unacknowledged.peekFirst() <= upToOffset) {
        unacknowledged.removeFirst();
      }
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    outbox.acknowledge(sink.name(), upToOffset);
  }

  /** {@inheritDoc} Also ends a retry wait. */
  @Override
  public void rewind() {
    lock.lock();
    try {
      inFlight = acknowledged;
      unacknowledged.clear();
      generation++;
      failures = 0;
      retryPending = false;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** {@inheritDoc} The same as a refused delivery. */
  @Override
  public void failed() {
    lock.lock();
    try {
      generation++; // a delivery under way now must not move inFlight afterwards
      unavailable();
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The sink lost what was in flight: start again from the acknowledged offset after the retry delay. Under the lock. */
  private void unavailable() {
    inFlight = acknowledged;
    unacknowledged.clear();
    retryPending = true;
    retryAtNanos = System.nanoTime() + retryDelay.apply(failures++).toNanos();
    log.debug("event sink {} unavailable ({} failures in a row)", sink.name(), failures);
  }

  /** New events: delivered at once, unless the sink is unavailable and its retry is not due. */
  private void appended() {
    lock.lock();
    try {
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** Looks for work now, ending a retry wait (the sink says it is available again). */
  public void poke() {
    lock.lock();
    try {
      retryPending = false;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** The highest offset the sink has confirmed. */
  public long acknowledged() {
    lock.lock();
    try {
      return acknowledged;
    } finally {
      lock.unlock();
    }
  }

  /** One batch to deliver: the events after {@code after}, at most {@code max}, as of {@code generation}. */
  private record Turn(long after, int max, long lastOffset, long generation) {}

  private void run() {
    try {
      for (Turn turn = awaitTurn(); turn != null; turn = awaitTurn()) {
        List<ProcessorEvent> batch;
        try {
          batch = outbox.read(sink.name(), turn.after(), turn.max());
        } catch (IllegalStateException e) {
          log.debug("event outbox closed; pump for {} ends", sink.name());
          return;
        } catch (RuntimeException e) {
          log.warn("cannot read the event outbox for sink {}: {}", sink.name(), e.getMessage());
          finished(turn, null, false);
          continue;
        }
        finished(turn, batch, batch.isEmpty() || deliver(batch));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // closing
    }
  }

  private boolean deliver(List<ProcessorEvent> batch) {
    try {
      return sink.deliver(batch, this);
    } catch (RuntimeException e) {
      log.warn("event sink {} failed to take {} events ({}); retrying", sink.name(), batch.size(), e.toString());
      return false;
    }
  }

  /** Waits until there is something to deliver and room for it; null once closed. */
  private Turn awaitTurn() throws InterruptedException {
    lock.lock();
    try {
      while (!closed) {
        if (retryPending) {
          long waitNanos = retryAtNanos - System.nanoTime();
          if (waitNanos > 0) {
            wake.awaitNanos(waitNanos);
            continue;
          }
          retryPending = false;
        }
        long lastOffset = outbox.lastOffset();
        int room = window - unacknowledged.size();
        if (room > 0 && lastOffset > inFlight) {
          return new Turn(inFlight, Math.min(room, MAX_BATCH), lastOffset, generation);
        }
        wake.await();
      }
      return null;
    } finally {
      lock.unlock();
    }
  }

  /** Records how a turn went: {@code batch} was delivered, or the sink was unavailable. */
  private void finished(Turn turn, List<ProcessorEvent> batch, boolean delivered) {
    lock.lock();
    try {
      if (turn.generation() != generation) {
        return; // rewound meanwhile: the rewind's position stands
      }
      if (!delivered) {
        unavailable();
        return;
      }
      failures = 0;
      if (batch.isEmpty()) {
        // Nothing exists up to the offset seen (a hole the outbox left after a power loss): skip it.
        inFlight = Math.max(inFlight, turn.lastOffset());
        return;
      }
      for (ProcessorEvent e : batch) {
        if (e.getOutboxOffset() > acknowledged) { // the sink may have confirmed some already
          unacknowledged.addLast(e.getOutboxOffset());
        }
      }
      inFlight = Math.max(inFlight, batch.getLast().getOutboxOffset());
    } finally {
      lock.unlock();
    }
  }

  /** Stops the thread (after the delivery it is in, if any). Idempotent. Events stay in the outbox. */
  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      wake.signalAll();
    } finally {
      lock.unlock();
    }
    try {
      if (!thread.join(Duration.ofSeconds(2))) {
        log.warn("event pump for {} did not stop within 2 s (its sink is blocked in a delivery)", sink.name());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
