package io.streamfleet.server.events;

import io.streamfleet.model.event.EventRecord;
import io.streamfleet.server.state.StateStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers the event log to one destination, on the leader: it starts after the destination's
 * committed mark, hands entries in order to the {@link Sink}, moves on only past what the sink
 * confirmed, retries with backoff while it cannot deliver (nothing is skipped), and commits its
 * new mark at most once per {@link #MARK_EVERY_MS}. A leader change therefore repeats at most
 * the last second of entries (consumers de-duplicate by id) and loses none.
 *
 * <p>Runs on its own thread from {@link #start} until {@link #stop}.
 */
public final class LogDelivery {
  private static final Logger log = LoggerFactory.getLogger(LogDelivery.class);
  static final long MARK_EVERY_MS = 1_000;
  private static final int BATCH = 500;
  private static final long MAX_BACKOFF_MS = 30_000;

  /** Where entries go. */
  public interface Sink {
    /**
     * Delivers {@code batch} in order.
     *
     * @return how many entries from the start of the batch were delivered; fewer than all means
     *     the destination is unavailable now, and the rest is retried after a backoff
     */
    int deliver(List<EventRecord> batch) throws InterruptedException;
  }

  private final String name;
  private final StateStore store;
  private final EventSignal signal;
  private final LongSupplier committedMark;
  private final Predicate<EventRecord> filter;
  private final Sink sink;
  private final LongConsumer commitMark;
  private final Clock clock;
  private volatile Thread thread;

  /**
   * @param committedMark reads the destination's committed mark from the replicated state
   * @param commitMark proposes a new mark (failures are fine: it is proposed again later)
   */
  public LogDelivery(String name, StateStore store, EventSignal signal, LongSupplier committedMark, Predicate<EventRecord> filter,
      Sink sink, LongConsumer commitMark, Clock clock) {
    this.name = name;
    this.store = store;
    this.signal = signal;
    this.committedMark = committedMark;
    this.filter = filter;
    this.sink = sink;
    this.commitMark = commitMark;
    this.clock = clock;
  }

  public synchronized void start() {
    if (thread == null) {
      thread = Thread.ofPlatform().daemon().name(name).start(this::run);
    }
  }

  public synchronized void stop() {
    if (thread != null) {
      thread.interrupt();
      thread = null;
    }
  }

  private void run() {
    long done = committedMark.getAsLong();
    long marked = done;
    long lastMarkMs = 0;
    long backoffMs = 100;
    log.info("{}: delivering the event log after entry {}", name, done);
    try {
      while (!Thread.currentThread().isInterrupted()) {
        long after = done;
        List<EventRecord> entries = store.read(s -> s.events(after, e -> true, BATCH));
        List<EventRecord> wanted = new ArrayList<>();
        for (EventRecord e : entries) {
          if (filter.test(e)) {
            wanted.add(e);
          }
        }
        int delivered = wanted.isEmpty() ? 0 : sink.deliver(wanted);
        if (delivered < wanted.size()) {
          // Past the last entry delivered, but not past the first one that failed.
          done = Math.max(done, firstUndeliveredId(entries, wanted, delivered) - 1);
          log.debug("{}: {} of {} entries delivered; retrying in {} ms", name, delivered, wanted.size(), backoffMs);
          Thread.sleep(backoffMs);
          backoffMs = Math.min(MAX_BACKOFF_MS, backoffMs * 2);
          continue;
        }
        backoffMs = 100;
        if (!entries.isEmpty()) {
          done = entries.get(entries.size() - 1).id();
        }
        long now = clock.millis();
        if (done > marked && now - lastMarkMs >= MARK_EVERY_MS) {
          commitMark.accept(done);
          marked = done;
          lastMarkMs = now;
        }
        if (entries.size() < BATCH) {
          signal.awaitAfter(done, done > marked ? MARK_EVERY_MS : 60_000);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static long firstUndeliveredId(List<EventRecord> entries, List<EventRecord> wanted, int delivered) {
    return delivered < wanted.size() ? wanted.get(delivered).id() : entries.get(entries.size() - 1).id() + 1;
  }
}
