package io.streamfleet.cli;

import io.streamfleet.client.ApiCallException;
import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.Drain;
import io.streamfleet.model.api.NodeView;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * {@code node drain --wait}: polls the node until its drain is done. The wait ends early, with
 * exit 1, when the drain reports itself stuck (the leader names the streams that could not leave
 * by the deadline) or is ended (uncordon). The interval starts at {@value #FIRST_POLL_MS} ms and
 * grows to {@value #MAX_POLL_MS} ms; a server that cannot answer for a moment (unreachable, 503)
 * is polled again. The clock and the sleep are injected so tests run without waiting.
 */
final class DrainWaiter {
  static final long FIRST_POLL_MS = 250;
  static final long MAX_POLL_MS = 2_000;

  private final Function<String, NodeView> fetch;
  private final LongSupplier nanoTime;
  private final JobWaiter.Sleeper sleeper;

  DrainWaiter(Function<String, NodeView> fetch, LongSupplier nanoTime, JobWaiter.Sleeper sleeper) {
    this.fetch = fetch;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  static DrainWaiter polling(StreamfleetClient client) {
    return new DrainWaiter(client::node, System::nanoTime, Thread::sleep);
  }

  /**
   * The node once drained.
   *
   * @throws CliException (exit 1) when the drain is stuck or ended, or {@code timeout} passes
   *     first; a stuck or timed-out drain goes on without the CLI
   */
  NodeView awaitDrained(String id, Duration timeout) {
    long deadline = nanoTime.getAsLong() + timeout.toNanos();
    long interval = FIRST_POLL_MS;
    NodeView last = null;
    ApiCallException lastError = null;
    while (true) {
      try {
        last = fetch.apply(id);
        lastError = null;
        if (settled(id, last)) {
          return last;
        }
      } catch (ApiCallException e) {
        if (e.status() != 0 && e.status() != 503) {
          throw e;
        }
        lastError = e;
      }
      long leftMs = (deadline - nanoTime.getAsLong()) / 1_000_000;
      if (leftMs <= 0) {
        throw new CliException("node " + id + " is not drained after " + DurationText.format(timeout) + " (--timeout): "
            + (lastError != null ? lastError.getMessage() : last.streams() + " stream(s) still there")
            + "; the drain goes on; follow it with: streamfleet node show " + id, 1);
      }
      try {
        sleeper.sleep(Math.min(interval, leftMs));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException("interrupted while waiting for node " + id + " to drain; the drain goes on: streamfleet node show " + id, 1);
      }
      interval = Math.min(MAX_POLL_MS, interval * 2);
    }
  }

  /** True when drained; throws when the drain can no longer finish as asked; false while it goes on. */
  private static boolean settled(String id, NodeView n) {
    Drain d = n.drain();
    if (d == null) {
      throw new CliException("node " + id + " is " + n.state().wireName() + ": its drain ended before it finished (uncordoned?)", 1);
    }
    if (d.done()) {
      return true;
    }
    if (d.stuck() != null) {
      throw new CliException("node " + id + " is " + d.stuck() + "; the drain goes on and takes each stream once it can leave"
          + " (make room elsewhere, or see: streamfleet stream show ID); end it with: streamfleet node uncordon " + id, 1);
    }
    return false;
  }
}
