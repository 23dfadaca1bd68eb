package io.streamfleet.server.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.ExecPolicy;
import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.model.NodeRecord;
import io.streamfleet.model.Resources;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CreateStream;
import io.streamfleet.model.command.DispatchJobs;
import io.streamfleet.model.command.NodeDown;
import io.streamfleet.model.command.PlaceStreams;
import io.streamfleet.model.command.RegisterNode;
import io.streamfleet.model.command.ReportJobs;
import io.streamfleet.model.command.SubmitJobs;
import io.streamfleet.model.job.JobIds;
import io.streamfleet.model.job.JobRecord;
import io.streamfleet.model.job.JobSpec;
import io.streamfleet.model.job.JobState;
import io.streamfleet.model.job.RetryPolicy;
import io.streamfleet.scheduler.Scheduler;
import io.streamfleet.server.state.ClusterState;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Jobs on spare capacity, and live streams first. */
class JobPlacementTest {
  private static final CommandMeta META = new CommandMeta(1_000, "test", "test");
  private final ClusterState state = ClusterState.initial();
  private final PlacementPlanner planner = new PlacementPlanner(new Scheduler());
  private long index = 1;

  @Test
  void queuedJobsGoToAgentsThatAllowTheirProgramInQueueOrder() {
    node("allows", 1000, ExecPolicy.ANY, null);
    node("denies", 4000, ExecPolicy.DENIED, null);
    submit(job("low", 10, 400), job("high", 90, 400), job("mid", 50, 400));

    List<DispatchJobs.Dispatch> plan = JobPlacement.plan(state, 1_000, Map.of(), 100, 100);

    assertThat(plan).extracting(DispatchJobs.Dispatch::jobId).containsExactly("high", "mid");
    assertThat(plan).extracting(DispatchJobs.Dispatch::node).containsOnly("allows");
  }

  @Test
  void httpWorkersGetNoPushedJobsButPullTheNextOneTheyCanRun() {
    node("worker-1", 8000, ExecPolicy.DENIED, NodeRecord.HTTP);
    submit(job("a", 50, 400));

    assertThat(JobPlacement.plan(state, 1_000, Map.of(), 100, 100)).isEmpty();
    assertThat(JobPlacement.nextFor(state, "worker-1", 1_000, 100).id()).isEqualTo("a");
  }

  @Test
  void roomReservedForPendingStreamsIsNotSpare() {
    node("n1", 1000, ExecPolicy.ANY, null);
    submit(job("a", 50, 600));

    assertThat(JobPlacement.plan(state, 1_000, Map.of("n1", Resources.of(500, 64)), 100, 100)).isEmpty();
    assertThat(JobPlacement.plan(state, 1_000, Map.of(), 100, 100)).hasSize(1);
  }

  @Test
  void aStreamThatNeedsTheRoomPreemptsARunningJobBeforeAnyStream() {
    node("n1", 1000, ExecPolicy.ANY, null);
    stream("cam-low", 400, 0);
    state.apply(planner.placePending(state, id -> null, id -> false, META), index++);
    submit(job("batch", 100, 600));
    state.apply(new DispatchJobs(META, JobPlacement.plan(state, 1_000, Map.of(), 100, 100)), index++);
    assertThat(state.job("batch").state()).isEqualTo(JobState.DISPATCHED);

    stream("cam-new", 500, 0);
    PlaceStreams plan = planner.placePending(state, id -> null, id -> false, META);

    assertThat(plan.evictions()).extracting(PlaceStreams.Eviction::streamId).containsExactly(JobIds.instanceId("batch"));
    state.apply(plan, index++);
    assertThat(state.assignment("cam-new").node()).isEqualTo("n1");
    assertThat(state.assignment("cam-low").node()).isEqualTo("n1");
    JobRecord batch = state.job("batch");
    assertThat(batch.state()).isEqualTo(JobState.QUEUED);
    assertThat(batch.preemptions()).isEqualTo(1);
    assertThat(batch.attempts()).isZero();
  }

  @Test
  void aFailoverPreemptsJobsInTheSameCommandSoTheLostStreamNeverWaits() {
    node("n1", 1000, ExecPolicy.ANY, null);
    stream("cam-1", 800, 50);
    state.apply(planner.placePending(state, id -> null, id -> false, META), index++);
    node("n2", 1000, ExecPolicy.ANY, null);
    submit(job("batch", 50, 900));
    state.apply(new DispatchJobs(META, JobPlacement.plan(state, 1_000, Map.of(), 100, 100)), index++);
    state.apply(new ReportJobs(META, "n2", List.of(new ReportJobs.Item("batch", 1, ReportJobs.RUNNING, null, null))), index++);

    NodeDown down = planner.nodeDown(state, "n1", 1, "reset", id -> null, META);

    assertThat(down.placements()).containsExactly(new NodeDown.Placement("cam-1", "n2"));
    assertThat(down.evictions()).extracting(PlaceStreams.Eviction::streamId).containsExactly(JobIds.instanceId("batch"));
    state.apply(down, index++);
    assertThat(state.assignment("cam-1").node()).isEqualTo("n2");
    assertThat(state.job("batch").state()).isEqualTo(JobState.QUEUED);
    assertThat(state.job("batch").attempts()).isZero();
    assertThat(state.job("batch").fence().node()).isEqualTo("n2");
  }

  @Test
  void rebalancingIgnoresJobs() {
    node("n1", 2000, ExecPolicy.ANY, null);
    submit(job("batch", 50, 1500));
    state.apply(new DispatchJobs(META, JobPlacement.plan(state, 1_000, Map.of(), 100, 100)), index++);
    stream("cam-1", 200, 50);
    state.apply(planner.placePending(state, id -> null, id -> false, META), index++);
    node("n2", 2000, ExecPolicy.ANY, null);

    assertThat(planner.rebalance(state, id -> null, 4, META).command()).isNull();
  }

  private void node(String id, int cpu, ExecPolicy exec, String kind) {
    state.apply(new RegisterNode(META, id, 1, null, new TreeMap<>(), "server", Resources.of(cpu, 4096), null, exec, kind), index++);
  }

  private void stream(String id, int cpu, int priority) {
    state.apply(new CreateStream(META, new StreamSpec(id, "synthetic://" + id, "motion", null, Resources.of(cpu, 64), null, priority,
        HandoverPolicy.OVERLAP, null, null)), index++);
  }

  private void submit(JobSpec... jobs) {
    state.apply(new SubmitJobs(META, List.of(jobs)), index++);
  }

  private JobSpec job(String id, int priority, int cpu) {
    return new JobSpec(id, JobSpec.SCENARIO, "480p30-h264", state.scenario("480p30-h264").settings(), null, null, null, null, priority,
        Resources.of(cpu, 64), null, null, 60_000, RetryPolicy.DEFAULT, null, null);
  }
}
