package io.streamfleet.server.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.ExecPolicy;
import io.streamfleet.model.Resources;
import io.streamfleet.model.command.CancelJob;
import io.streamfleet.model.command.Command;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.DispatchJobs;
import io.streamfleet.model.command.NodeDown;
import io.streamfleet.model.command.PlaceStreams;
import io.streamfleet.model.command.PurgeJobs;
import io.streamfleet.model.command.RegisterNode;
import io.streamfleet.model.command.ReportJobs;
import io.streamfleet.model.command.RetryJob;
import io.streamfleet.model.command.SubmitJobs;
import io.streamfleet.model.event.EventRecord;
import io.streamfleet.model.job.JobIds;
import io.streamfleet.model.job.JobRecord;
import io.streamfleet.model.job.JobRequest;
import io.streamfleet.model.job.JobResult;
import io.streamfleet.model.job.JobSpec;
import io.streamfleet.model.job.JobSpecParser;
import io.streamfleet.model.job.JobState;
import io.streamfleet.model.job.RetryPolicy;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** The replicated job queue, through {@link ClusterState#apply} as the Raft apply thread drives it. */
class JobQueueTest {
  private static final long T0 = 1_764_000_000_000L;
  private final ClusterState state = ClusterState.initial();
  private long lastIndex;

  private CommandResult apply(Command c) {
    return state.apply(c, ++lastIndex);
  }

  private static CommandMeta meta(long at) {
    return new CommandMeta(at, "test", "test");
  }

  private JobSpec job(String id, int priority) {
    JobRequest r = JobRequest.ofScenario("480p30-h264");
    JobSpec spec = JobSpecParser.parse(r, state::scenario, state::processor);
    return new JobSpec(id, spec.kind(), spec.scenario(), spec.ffmpeg(), null, null, null, null, priority, Resources.of(250, 128),
        null, null, 60_000, new RetryPolicy(2, 1_000, 8_000), null, null);
  }

  private void node(String id, int cpu) {
    apply(new RegisterNode(meta(T0), id, 1, "z", new TreeMap<>(), "server", Resources.of(cpu, 4096), null, ExecPolicy.ANY));
  }

  private List<String> queueOrder() {
    List<String> out = new ArrayList<>();
    for (Iterator<JobRecord> it = state.queuedJobs(); it.hasNext(); ) {
      out.add(it.next().id());
    }
    return out;
  }

  private void dispatch(String id, String node) {
    assertThat(apply(new DispatchJobs(meta(T0), List.of(new DispatchJobs.Dispatch(id, state.job(id).epoch(), node))))).isEqualTo(CommandResult.ok(1));
  }

  private void report(String node, String id, String phase, JobResult result) {
    apply(new ReportJobs(meta(T0 + 10), node, List.of(new ReportJobs.Item(id, state.job(id).epoch(), phase, null, result))));
  }

  private static JobResult exit(int code) {
    return new JobResult(code, code == 0, false, code == 0 ? null : "exit code " + code, T0, 500, 90, 120, 1 << 20, 60, 2.3, 300,
        code == 0 ? null : "boom", null, 0);
  }

  @Test
  void theQueueRunsByPriorityThenFirstInFirstOut() {
    apply(new SubmitJobs(meta(T0), List.of(job("a", 50), job("b", 90), job("c", 50), job("d", 90))));

    assertThat(queueOrder()).containsExactly("b", "d", "a", "c");
  }

  @Test
  void anIdempotencyKeySubmittedTwiceKeepsTheFirstJob() {
    JobSpec first = withKey(job("a", 50), "k1");
    apply(new SubmitJobs(meta(T0), List.of(first)));

    CommandResult again = apply(new SubmitJobs(meta(T0 + 1), List.of(withKey(job("b", 50), "k1"))));

    assertThat(again).isEqualTo(CommandResult.ok(0));
    assertThat(state.jobByIdempotencyKey("k1")).isEqualTo("a");
    assertThat(state.job("b")).isNull();
  }

  @Test
  void aBatchWithADuplicateIdIsRefusedWhole() {
    apply(new SubmitJobs(meta(T0), List.of(job("a", 50))));

    CommandResult r = apply(new SubmitJobs(meta(T0), List.of(job("b", 50), job("a", 50))));

    assertThat(r.code()).isEqualTo(CommandResult.CONFLICT);
    assertThat(state.job("b")).isNull();
  }

  @Test
  void aDispatchTakesRoomFromTheNodeAndADispatchThatDoesNotFitIsSkipped() {
    node("n1", 400);
    apply(new SubmitJobs(meta(T0), List.of(job("a", 50), job("b", 50))));

    CommandResult r = apply(new DispatchJobs(meta(T0), List.of(new DispatchJobs.Dispatch("a", 0, "n1"), new DispatchJobs.Dispatch("b", 0, "n1"))));

    assertThat(r).isEqualTo(CommandResult.ok(1));
    assertThat(state.job("a").state()).isEqualTo(JobState.DISPATCHED);
    assertThat(state.job("a").epoch()).isEqualTo(1);
    assertThat(state.allocated("n1").cpuMillis()).isEqualTo(250);
    assertThat(state.job("b").state()).isEqualTo(JobState.QUEUED);
  }

  @Test
  void aSuccessfulAttemptRecordsItsResultAndAnEvent() {
    node("n1", 1000);
    apply(new SubmitJobs(meta(T0), List.of(job("a", 50))));
    dispatch("a", "n1");
    report("n1", "a", ReportJobs.RUNNING, null);
    assertThat(state.job("a").state()).isEqualTo(JobState.RUNNING);
    assertThat(state.job("a").attempts()).isEqualTo(1);

    report("n1", "a", ReportJobs.EXITED, exit(0));

    JobRecord j = state.job("a");
    assertThat(j.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(j.result().speed()).isEqualTo(2.3);
    assertThat(j.node()).isNull();
    assertThat(state.allocated("n1").cpuMillis()).isZero();
    EventRecord last = state.events(0, e -> e.type().equals("job"), 10).getLast();
    assertThat(last.kind()).isEqualTo("succeeded");
    assertThat(last.reason()).startsWith("real-time capable at 2.30x");
  }

  @Test
  void aFailedAttemptIsRetriedAfterABackoffAndFailsForGoodAfterMaxAttempts() {
    node("n1", 1000);
    apply(new SubmitJobs(meta(T0), List.of(job("a", 50))));
    dispatch("a", "n1");
    report("n1", "a", ReportJobs.RUNNING, null);
    report("n1", "a", ReportJobs.EXITED, exit(3));

    JobRecord queued = state.job("a");
    assertThat(queued.state()).isEqualTo(JobState.QUEUED);
    assertThat(queued.notBeforeMs()).isBetween(T0 + 10 + 500, T0 + 10 + 1_000);
    // Not before the backoff has passed.
    assertThat(apply(new DispatchJobs(meta(T0 + 11), List.of(new DispatchJobs.Dispatch("a", 1, "n1"))))).isEqualTo(CommandResult.ok(0));

    assertThat(apply(new DispatchJobs(meta(queued.notBeforeMs()), List.of(new DispatchJobs.Dispatch("a", 1, "n1"))))).isEqualTo(CommandResult.ok(1));
    report("n1", "a", ReportJobs.RUNNING, null);
    report("n1", "a", ReportJobs.EXITED, exit(3));

    JobRecord failed = state.job("a");
    assertThat(failed.state()).isEqualTo(JobState.FAILED);
    assertThat(failed.attempts()).isEqualTo(2);
    assertThat(failed.result().stderrTail()).isEqualTo("boom");
    assertThat(failed.history()).extracting(a -> a.outcome()).containsExactly("failed", "failed");
  }

  @Test
  void aReportFromAnOlderAttemptOrAnotherNodeChangesNothing() {
    node("n1", 1000);
    node("n2", 1000);
    apply(new SubmitJobs(meta(T0), List.of(job("a", 50))));
    dispatch("a", "n1");

    apply(new ReportJobs(meta(T0), "n2", List.of(new ReportJobs.Item("a", 1, ReportJobs.EXITED, null, exit(0)))));
    apply(new ReportJobs(meta(T0), "n1", List.of(new ReportJobs.Item("a", 0, ReportJobs.EXITED, null, exit(0)))));

    assertThat(state.job("a").state()).isEqualTo(JobState.DISPATCHED);
  }

  @Test
  void aJobOnANodeThatWentDownCountsTheAttemptAndWaitsForTheFence() {
    node("n1", 1000);
    apply(new SubmitJobs(meta(T0), List.of(job("a", 50))));
    dispatch("a", "n1");
    report("n1", "a", ReportJobs.RUNNING, null);

    apply(new NodeDown(meta(T0 + 100), "n1", 1, "session lost"));

    JobRecord j = state.job("a");
    assertThat(j.state()).isEqualTo(JobState.QUEUED);
    assertThat(j.attempts()).isEqualTo(1);
    assertThat(j.fence()).isEqualTo(new JobRecord.Fence("n1", 1, lastIndex));
    node("n2", 1000);
    // Fenced: not dispatched until the node's stop is known.
    assertThat(apply(new DispatchJobs(meta(T0 + 5_000), List.of(new DispatchJobs.Dispatch("a", 1, "n2"))))).isEqualTo(CommandResult.ok(0));

    apply(new ReportJobs(meta(T0 + 5_000), "n1", List.of(new ReportJobs.Item("a", 1, ReportJobs.STOPPED, "lease ran out", null))));

    assertThat(state.job("a").fence()).isNull();
    assertThat(apply(new DispatchJobs(meta(T0 + 5_000), List.of(new DispatchJobs.Dispatch("a", 1, "n2"))))).isEqualTo(CommandResult.ok(1));
    assertThat(state.job("a").epoch()).isEqualTo(2);
  }

  @Test
  void aPreemptedAttemptGoesBackUncountedAndFenced() {
    node("n1", 1000);
    apply(new SubmitJobs(meta(T0), List.of(job("a", 50))));
    dispatch("a", "n1");
    report("n1", "a", ReportJobs.RUNNING, null);

    apply(new PlaceStreams(meta(T0 + 50), List.of(), null, List.of(new PlaceStreams.Eviction(JobIds.instanceId("a"), 1, "stream cam-1 needs the room")), List.of()));

    JobRecord j = state.job("a");
    assertThat(j.state()).isEqualTo(JobState.QUEUED);
    assertThat(j.attempts()).isZero();
    assertThat(j.preemptions()).isEqualTo(1);
    assertThat(j.fence().node()).isEqualTo("n1");
    assertThat(state.allocated("n1").cpuMillis()).isZero();
  }

  @Test
  void cancelingARunningJobFencesItsAttemptAndRetryQueuesItAgain() {
    node("n1", 1000);
    apply(new SubmitJobs(meta(T0), List.of(job("a", 50))));
    dispatch("a", "n1");
    report("n1", "a", ReportJobs.RUNNING, null);

    assertThat(apply(new CancelJob(meta(T0 + 5), "a", null)).isOk()).isTrue();
    assertThat(state.job("a").state()).isEqualTo(JobState.CANCELED);
    assertThat(state.job("a").fence()).isNotNull();
    assertThat(apply(new CancelJob(meta(T0 + 6), "a", null)).code()).isEqualTo(CommandResult.CONFLICT);

    assertThat(apply(new RetryJob(meta(T0 + 7), "a")).isOk()).isTrue();
    assertThat(state.job("a").state()).isEqualTo(JobState.QUEUED);
    assertThat(state.job("a").attempts()).isZero();
  }

  @Test
  void aDependentJobWaitsForItsDependencyAndFailsWithIt() {
    node("n1", 1000);
    JobSpec b = withDependency(job("b", 50), "a");
    apply(new SubmitJobs(meta(T0), List.of(job("a", 50), b, withDependency(job("c", 50), "a"))));
    assertThat(state.jobDispatchable(state.job("b"), T0)).isFalse();

    apply(new CancelJob(meta(T0 + 1), "a", "no longer needed"));

    assertThat(state.job("b").state()).isEqualTo(JobState.FAILED);
    assertThat(state.job("b").reason()).isEqualTo("its dependency a canceled");
    assertThat(state.job("c").state()).isEqualTo(JobState.FAILED);
  }

  @Test
  void theJobQueueSurvivesASnapshot() {
    node("n1", 1000);
    apply(new SubmitJobs(meta(T0), List.of(job("a", 50), job("b", 70))));
    dispatch("a", "n1");

    ClusterState restored = ClusterState.restore(state.snapshot());

    assertThat(restored.jobs()).isEqualTo(state.jobs());
    assertThat(restored.allocated("n1")).isEqualTo(state.allocated("n1"));
    assertThat(restored.queuedJobCount()).isEqualTo(1);
    assertThat(restored.snapshot()).usingRecursiveComparison().isEqualTo(state.snapshot());
  }

  @Test
  void purgingForgetsOnlyFinishedJobs() {
    apply(new SubmitJobs(meta(T0), List.of(job("a", 50), job("b", 50))));
    apply(new CancelJob(meta(T0), "a", null));

    apply(new PurgeJobs(meta(T0), List.of("a", "b")));

    assertThat(state.job("a")).isNull();
    assertThat(state.job("b")).isNotNull();
  }

  private static JobSpec withKey(JobSpec s, String key) {
    return new JobSpec(s.id(), s.kind(), s.scenario(), s.ffmpeg(), s.processor(), s.input(), s.params(), s.confidence(), s.priority(),
        s.resources(), s.zone(), s.nodeSelector(), s.timeoutMs(), s.retry(), key, s.dependsOn());
  }

  private static JobSpec withDependency(JobSpec s, String dep) {
    return new JobSpec(s.id(), s.kind(), s.scenario(), s.ffmpeg(), s.processor(), s.input(), s.params(), s.confidence(), s.priority(),
        s.resources(), s.zone(), s.nodeSelector(), s.timeoutMs(), s.retry(), s.idempotencyKey(), dep);
  }
}
