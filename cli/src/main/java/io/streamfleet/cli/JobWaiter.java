package io.streamfleet.cli;

import io.streamfleet.client.ApiCallException;
import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.api.JobView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * {@code job submit --wait}: polls the job until it is final. The interval starts at {@value
 * #FIRST_POLL_MS} ms (short jobs report quickly) and grows to {@value #MAX_POLL_MS} ms. A server
 * that cannot answer for a moment (unreachable, or 503 during a leader change) is polled again
 * until the deadline; any other error ends the wait. The clock and the sleep are injected so tests
 * run without waiting.
 */
final class JobWaiter {
  static final long FIRST_POLL_MS = 200;
  static final long MAX_POLL_MS = 500;

  interface Sleeper {
    void sleep(long ms) throws InterruptedException;
  }

  private final Function<String, JobView> fetch;
  private final LongSupplier nanoTime;
  private final Sleeper sleeper;

  JobWaiter(Function<String, JobView> fetch, LongSupplier nanoTime, Sleeper sleeper) {
    this.fetch = fetch;
    this.nanoTime = nanoTime;
    this.sleeper = sleeper;
  }

  static JobWaiter polling(StreamfleetClient client) {
    return new JobWaiter(client::job, System::nanoTime, Thread::sleep);
  }

  /**
   * The jobs once each is final (succeeded, failed or canceled), whatever the outcome, in the
   * order given; one deadline for all.
   *
   * @throws CliException (exit 1) when {@code timeout} passes first; the jobs themselves go on
   */
  List<JobView> awaitFinal(List<String> ids, Duration timeout) {
    long deadline = nanoTime.getAsLong() + timeout.toNanos();
    List<JobView> done = new ArrayList<>();
    for (String id : ids) {
      done.add(awaitFinal(id, deadline, timeout));
    }
    return done;
  }

  private JobView awaitFinal(String id, long deadline, Duration timeout) {
    long interval = FIRST_POLL_MS;
    JobView last = null;
    ApiCallException lastError = null;
    while (true) {
      try {
        last = fetch.apply(id);
        lastError = null;
        if (JobViews.isFinal(last.state())) {
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
        throw new CliException("job " + id + " is not finished after " + timeout.toSeconds() + " s (--wait-timeout-s): "
            + (lastError != null ? lastError.getMessage() : "it is " + last.state() + (last.reason() == null ? "" : " (" + last.reason() + ")"))
            + "; it goes on without waiting; follow it with: streamfleet job show " + id, 1);
      }
      try {
        sleeper.sleep(Math.min(interval, leftMs));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new CliException("interrupted while waiting for job " + id + "; it goes on: streamfleet job show " + id, 1);
      }
      interval = Math.min(MAX_POLL_MS, interval * 2);
    }
  }
}
