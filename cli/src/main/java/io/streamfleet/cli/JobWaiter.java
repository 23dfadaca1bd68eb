package io.streamfleet.cli;

import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.api.JobView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * {@code job submit --wait}: polls the job until it is final. The interval starts at {@value
 * #FIRST_POLL_MS} ms (short jobs report quickly) and grows to {@value #MAX_POLL_MS} ms ({@link
 * Poller}).
 */
final class JobWaiter {
  static final long FIRST_POLL_MS = 200;
  static final long MAX_POLL_MS = 500;

  private final Function<String, JobView> fetch;
  private final Poller poller;

  JobWaiter(Function<String, JobView> fetch, LongSupplier nanoTime, Poller.Sleeper sleeper) {
    this.fetch = fetch;
    this.poller = new Poller(nanoTime, sleeper, FIRST_POLL_MS, MAX_POLL_MS);
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
    long deadline = poller.deadlineIn(timeout.toNanos());
    List<JobView> done = new ArrayList<>();
    for (String id : ids) {
      done.add(poller.until(() -> fetch.apply(id), j -> JobViews.isFinal(j.state()), deadline, new Poller.Messages<JobView>(
          lastKnown -> "job " + id + " is not finished after " + timeout.toSeconds() + " s (--wait-timeout-s): " + lastKnown
              + "; it goes on without waiting; follow it with: streamfleet job show " + id,
          last -> "it is " + last.state() + (last.reason() == null ? "" : " (" + last.reason() + ")"),
          "interrupted while waiting for job " + id + "; it goes on: streamfleet job show " + id)));
    }
    return done;
  }
}
