package io.streamfleet.cli;

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
 * grows to {@value #MAX_POLL_MS} ms ({@link Poller}).
 */
final class DrainWaiter {
  static final long FIRST_POLL_MS = 250;
  static final long MAX_POLL_MS = 2_000;

  private final Function<String, NodeView> fetch;
  private final Poller poller;

  DrainWaiter(Function<String, NodeView> fetch, LongSupplier nanoTime, Poller.Sleeper sleeper) {
    this.fetch = fetch;
    this.poller = new Poller(nanoTime, sleeper, FIRST_POLL_MS, MAX_POLL_MS);
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
    return poller.until(() -> fetch.apply(id), n -> settled(id, n), poller.deadlineIn(timeout.toNanos()), new Poller.Messages<NodeView>(
        lastKnown -> "node " + id + " is not drained after " + DurationText.format(timeout) + " (--timeout): " + lastKnown
            + "; the drain goes on; follow it with: streamfleet node show " + id,
        last -> last.streams() + " stream(s) still there",
        "interrupted while waiting for node " + id + " to drain; the drain goes on: streamfleet node show " + id));
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
