package io.streamfleet.server.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.ExecPolicy;
import io.streamfleet.model.NodeRecord;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.Resources;
import io.streamfleet.model.command.Command;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.NodeDown;
import io.streamfleet.model.command.RegisterNode;
import io.streamfleet.model.command.ReportJobs;
import io.streamfleet.model.command.SubmitJobs;
import io.streamfleet.model.job.JobResult;
import io.streamfleet.model.job.JobSpec;
import io.streamfleet.model.job.JobState;
import io.streamfleet.model.job.RetryPolicy;
import io.streamfleet.server.failover.DetectorSettings;
import io.streamfleet.server.failover.ManualTimers;
import io.streamfleet.server.placement.RebalancePolicy;
import io.streamfleet.server.state.StateStore;
import io.streamfleet.server.state.WritePort;
import io.streamfleet.testing.ManualClock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The leader's job queue controller over the real state, with a manual clock and inline workers. */
class JobControllerTest {
  private final ManualClock clock = new ManualClock(1_000_000);
  private final StateStore store = new StateStore();
  private final AtomicLong index = new AtomicLong();
  private final WritePort writes = c -> store.apply(c, index.incrementAndGet());
  private final Map<String, ManualTimers> timers = new HashMap<>();
  private final JobSettings settings = new JobSettings(5_000, 2, 3_600_000);

  @BeforeEach
  void leadingServer() {
    Leader leader = Leader.create(store, DetectorSettings.DEFAULTS, new RebalancePolicy(0.25, 0, 15_000), settings,
        new LeaderPorts(clock, clock, name -> Runnable::run, name -> timers.computeIfAbsent(name, n -> new ManualTimers(clock)), writes,
            new io.streamfleet.server.agents.AgentRegistry(), () -> true));
    leader.leadershipGained();
  }

  @Test
  void aSubmittedJobIsDispatchedToAnAgentAtOnce() {
    agent("n1");

    submit(job("a", RetryPolicy.DEFAULT));

    assertThat(job("a").state()).isEqualTo(JobState.DISPATCHED);
    assertThat(job("a").node()).isEqualTo("n1");
  }

  @Test
  void aFailedAttemptIsDispatchedAgainWhenItsBackoffEnds() {
    agent("n1");
    submit(job("a", new RetryPolicy(3, 2_000, 2_000)));
    apply(new ReportJobs(meta(), "n1", List.of(new ReportJobs.Item("a", 1, ReportJobs.EXITED, "exit code 1",
        new JobResult(1, false, false, "exit code 1", 0, 10, 0, 0, 0, 0, 0, 0, null, null, 0)))));
    assertThat(job("a").state()).isEqualTo(JobState.QUEUED);

    timers.get("jobs").advanceBy(999);
    assertThat(job("a").state()).as("still backing off").isEqualTo(JobState.QUEUED);
    timers.get("jobs").advanceBy(1_001);

    assertThat(job("a").state()).isEqualTo(JobState.DISPATCHED);
    assertThat(job("a").epoch()).isEqualTo(2);
  }

  @Test
  void anAttemptOnADownNodeRunsElsewhereOnlyOnceItsLeaseHasRunOut() {
    agent("n1");
    submit(job("a", RetryPolicy.DEFAULT));
    apply(new ReportJobs(meta(), "n1", List.of(new ReportJobs.Item("a", 1, ReportJobs.RUNNING, null, null))));
    agent("n2");
    apply(new NodeDown(meta(), "n1", 1, "session lost"));
    assertThat(job("a").state()).isEqualTo(JobState.QUEUED);
    assertThat(job("a").fence()).isNotNull();

    long free = DetectorSettings.DEFAULTS.exclusiveFreeAtMs(1_000_000);
    timers.get("jobs").advanceTo(free - 1);
    assertThat(job("a").state()).as("the lease of n1 may still hold").isEqualTo(JobState.QUEUED);
    timers.get("jobs").advanceTo(free + JobController.TICK_MS);

    assertThat(job("a").state()).isEqualTo(JobState.DISPATCHED);
    assertThat(job("a").node()).isEqualTo("n2");
    assertThat(job("a").attempts()).isEqualTo(1);
  }

  @Test
  void aSilentHttpWorkerIsDeclaredDownAndItsJobQueuedAgain() {
    apply(new RegisterNode(meta(), "w1", 1, null, new TreeMap<>(), "server", Resources.of(8000, 8192), null, ExecPolicy.DENIED,
        NodeRecord.HTTP));
    submit(job("a", RetryPolicy.DEFAULT));
    apply(new io.streamfleet.model.command.DispatchJobs(meta(), List.of(new io.streamfleet.model.command.DispatchJobs.Dispatch("a", 0, "w1"))));
    assertThat(job("a").node()).isEqualTo("w1");

    timers.get("jobs").advanceBy(settings.httpWorkerLeaseMs() + JobController.TICK_MS);

    NodeState w1 = store.read(s -> s.node("w1").state());
    assertThat(w1).isEqualTo(NodeState.DOWN);
    assertThat(job("a").state()).isEqualTo(JobState.QUEUED);
    assertThat(job("a").fence()).as("nothing can stop an HTTP worker: no fence to wait for").isNull();
  }

  @Test
  void finishedJobsBeyondTheRetentionAreForgottenOldestFirst() {
    for (String id : List.of("a", "b", "c")) {
      submit(job(id, RetryPolicy.DEFAULT));
      apply(new io.streamfleet.model.command.CancelJob(meta(), id, null));
      clock.set(clock.millis() + 10);
    }

    timers.get("jobs").advanceBy(JobController.TICK_MS);

    assertThat(job("a")).isNull();
    assertThat(job("b")).isNotNull();
    assertThat(job("c")).isNotNull();
  }

  private void agent(String id) {
    apply(new RegisterNode(meta(), id, 1, null, new TreeMap<>(), "server", Resources.of(4000, 4096), null, ExecPolicy.ANY));
  }

  private void submit(JobSpec spec) {
    apply(new SubmitJobs(meta(), List.of(spec)));
  }

  private io.streamfleet.model.job.JobRecord job(String id) {
    return store.read(s -> s.job(id));
  }

  private JobSpec job(String id, RetryPolicy retry) {
    return new JobSpec(id, JobSpec.SCENARIO, "480p30-h264", store.read(s -> s.scenario("480p30-h264").settings()), null, null, null,
        null, 50, Resources.of(250, 64), null, null, 60_000, retry, null, null);
  }

  private void apply(Command c) {
    writes.submit(c);
  }

  private CommandMeta meta() {
    return new CommandMeta(clock.millis(), "test", "test");
  }
}
