package io.streamfleet.bench;

import io.streamfleet.protocol.v1.DesiredAssignments;
import io.streamfleet.protocol.v1.DesiredInstance;
import io.streamfleet.protocol.v1.JobOutcome;
import io.streamfleet.protocol.v1.ProcessorStatus;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Runs every job attempt that an {@link AgentFleet} session is given as a fake processor lasting
 * {@code runFor}. When a desired set brings a new attempt ({@code job:ID}, epoch), the session
 * reports it RUNNING at once and sends a successful {@link JobOutcome} {@code runFor} later. It
 * never stops an attempt early and never fails one. It measures the control plane, not FFmpeg.
 *
 * <p>{@link #receivedNanos} holds the {@code System.nanoTime()} at which each job's first attempt
 * reached a session. That is the "start" of the submit-to-start latency, on the benchmark's clock.
 */
final class FakeJobRunner implements AutoCloseable {
  private final Duration runFor;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("fake-jobs").factory());
  private final Map<String, Long> received = new ConcurrentHashMap<>();
  private final LongAdder attempts = new LongAdder();
  private final LongAdder outcomes = new LongAdder();

  FakeJobRunner(Duration runFor) {
    this.runFor = runFor;
  }

  /** Runs the job attempts of every session of {@code fleet} from now on. */
  FakeJobRunner attachTo(AgentFleet fleet) {
    for (AgentFleet.Session s : fleet.sessions()) {
      Set<String> started = ConcurrentHashMap.newKeySet(); // "job:ID@epoch" this session has started
      s.onDesired = d -> startNew(s, started, d);
    }
    return this;
  }

  private void startNew(AgentFleet.Session s, Set<String> started, DesiredAssignments d) {
    long now = System.nanoTime();
    for (DesiredInstance i : d.getInstancesList()) {
      if (!i.hasJob() || !started.add(i.getStreamId() + "@" + i.getEpoch())) {
        continue;
      }
      String jobId = i.getJob().getJobId();
      received.putIfAbsent(jobId, now);
      attempts.increment();
      long startedAtMs = System.currentTimeMillis();
      s.sendStatus(ProcessorStatus.newBuilder().setStreamId(i.getStreamId()).setEpoch(i.getEpoch())
          .setState(ProcessorStatus.State.RUNNING).build());
      timer.schedule(() -> {
        s.sendJobOutcome(JobOutcome.newBuilder().setJobId(jobId).setEpoch(i.getEpoch()).setSucceeded(true).setExitCode(0)
            .setStartedAtMs(startedAtMs).setWallMs(runFor.toMillis()).build());
        outcomes.increment();
      }, runFor.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  /** When the first attempt of {@code jobId} reached a session, or null if none has. */
  Long receivedNanos(String jobId) {
    return received.get(jobId);
  }

  /** Attempts started, retries and re-dispatches included. */
  long attempts() {
    return attempts.sum();
  }

  /** Successful outcomes sent. */
  long outcomes() {
    return outcomes.sum();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
