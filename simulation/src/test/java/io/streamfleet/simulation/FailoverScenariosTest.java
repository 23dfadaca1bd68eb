package io.streamfleet.simulation;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.Assignment;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.BuiltinProcessors;
import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.model.NodeRecord;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.Resources;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.model.job.JobAttempt;
import io.streamfleet.model.job.JobRecord;
import io.streamfleet.model.job.JobSpec;
import io.streamfleet.model.job.JobState;
import io.streamfleet.model.rollout.RolloutStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Hand-written schedules with timing assertions: the failover paths, one scenario each, on the
 * same simulation the random runs use (docs/simulation.md). Three nodes without zones; the
 * streams are created at 1 s (after every node has registered) so they spread; faults start at
 * 3 s, when everything runs. Times are relative to the start of the run.
 */
class FailoverScenariosTest {
  private static final long FAULT_AT = 3_000;
  private static final long SEED = 42;

  private static Simulation cluster(StreamSpec... streams) {
    return cluster(List.of(), streams);
  }

  /** The same, with {@code jobs} submitted when their plans say. */
  private static Simulation cluster(List<JobPlan> jobs, StreamSpec... streams) {
    List<NodePlan> nodes = List.of(node("node-1"), node("node-2"), node("node-3"));
    List<StreamPlan> plans = new ArrayList<>();
    for (StreamSpec s : streams) {
      plans.add(new StreamPlan(s, 1_000));
    }
    Simulation sim = new Simulation(new Schedule(SEED, nodes, plans, List.of(), jobs), new Simulation.Options(false, true));
    sim.start();
    sim.runUntil(FAULT_AT);
    return sim;
  }

  /** A scenario job whose attempts each run {@code runForMs} and succeed. */
  private static JobSpec job(String id, long runForMs) {
    return new JobSpec(id, JobSpec.SCENARIO, ScheduleGenerator.JOB_SCENARIO, ScheduleGenerator.JOB_SETTINGS, null, null,
        new TreeMap<>(Map.of(SimulatedDriver.RUN_FOR_MS, Long.toString(runForMs), SimulatedDriver.EXIT_CODE, "0")), null, 50,
        Resources.of(500, 256), null, null, ScheduleGenerator.JOB_TIMEOUT_MS, ScheduleGenerator.JOB_RETRY, null, null);
  }

  private static NodePlan node(String id) {
    return new NodePlan(id, null, Resources.of(8_000, 8_192), 0);
  }

  private static StreamSpec overlap(String id) {
    return stream(id, HandoverPolicy.OVERLAP);
  }

  private static StreamSpec exclusive(String id) {
    return stream(id, HandoverPolicy.EXCLUSIVE);
  }

  private static StreamSpec stream(String id, HandoverPolicy handover) {
    return new StreamSpec(id, "rtsp://camera.test/" + id, BuiltinProcessors.MOTION, null, Resources.of(500, 256), null, 0, handover,
        null, null, null, null);
  }

  private static String nodeOf(Simulation sim, String streamId) {
    return sim.state().assignment(streamId).node();
  }

  /** When {@code streamId} first started after {@code afterMs} anywhere but on {@code notOn}, or -1. */
  private static long startedElsewhere(Simulation sim, String streamId, String notOn, long afterMs) {
    return sim.world().history().stream()
        .filter(c -> c.started() && c.instance().streamId().equals(streamId) && !c.instance().node().equals(notOn))
        .mapToLong(c -> c.atMs() - Simulation.T0).filter(t -> t >= afterMs).min().orElse(-1);
  }

  /** When {@code streamId} stopped on {@code node} after {@code afterMs}, or -1. */
  private static long stoppedOn(Simulation sim, String streamId, String node, long afterMs) {
    return sim.world().history().stream()
        .filter(c -> !c.started() && c.instance().streamId().equals(streamId) && c.instance().node().equals(node))
        .mapToLong(c -> c.atMs() - Simulation.T0).filter(t -> t >= afterMs).min().orElse(-1);
  }

  private static boolean runsOn(Simulation sim, String streamId, String node) {
    return sim.world().of(streamId).stream().anyMatch(i -> i.node().equals(node));
  }

  /** Every stream's committed epoch, to see that nothing moved. */
  private static Map<String, Long> epochs(Simulation sim) {
    Map<String, Long> out = new TreeMap<>();
    sim.state().assignments().forEach(a -> out.put(a.streamId(), a.epoch()));
    return out;
  }

  @Test
  void aCrashedNodesStreamsRunElsewhereWithinASecond() {
    Simulation sim = cluster(overlap("cam-1"), overlap("cam-2"), overlap("cam-3"), overlap("cam-4"), overlap("cam-5"), overlap("cam-6"));
    String victim = nodeOf(sim, "cam-1");
    List<String> lost = sim.state().assignments().stream().filter(a -> victim.equals(a.node())).map(a -> a.streamId()).toList();

    sim.schedule(new Fault.Crash(victim, FAULT_AT, 10_000));
    sim.runUntil(FAULT_AT + 1_500);

    assertThat(sim.state().node(victim).state()).isEqualTo(NodeState.DOWN);
    for (String id : lost) {
      long movedAt = startedElsewhere(sim, id, victim, FAULT_AT);
      // the reconnect grace (300 ms) and a few network hops
      assertThat(movedAt - FAULT_AT).as("%s restarted %d ms after the crash", id, movedAt - FAULT_AT).isBetween(300L, 1_000L);
    }
  }

  @Test
  void aPartitionedNodeIsDownAfterASecondOfSilenceAndItsOverlapStreamOverlapsUntilTheHeal() {
    Simulation sim = cluster(overlap("cam-1"), overlap("cam-2"), overlap("cam-3"));
    String victim = nodeOf(sim, "cam-1");
    long heal = FAULT_AT + 3_000;

    sim.schedule(new Fault.Partition(victim, FAULT_AT, heal - FAULT_AT, Network.Cut.HOLD));
    sim.runUntil(heal - 1);

    NodeRecord down = sim.state().node(victim);
    assertThat(down.state()).isEqualTo(NodeState.DOWN);
    // silence counts from its last heartbeat before the cut (at most one interval earlier)
    assertThat(down.stateSinceMs() - Simulation.T0 - FAULT_AT).isBetween(1_000L - 260, 1_000L + 30);
    long movedAt = startedElsewhere(sim, "cam-1", victim, FAULT_AT);
    assertThat(movedAt - (down.stateSinceMs() - Simulation.T0)).as("new instance after node.down").isBetween(0L, 100L);
    assertThat(runsOn(sim, "cam-1", victim)).as("the old instance still runs on the partitioned node").isTrue();

    sim.runUntil(heal + 7_000);

    long stoppedAt = stoppedOn(sim, "cam-1", victim, FAULT_AT);
    // after the heal the agent sees its session closed, registers again and gets an empty set; the
    // stop itself takes what the processor takes after SIGTERM, at most the 5 s grace
    assertThat(stoppedAt - heal).as("old instance stopped %d ms after the heal", stoppedAt - heal)
        .isBetween(0L, 1_000L + SimulatedDriver.STOP_GRACE_MS);
    assertThat(sim.world().of("cam-1")).singleElement().satisfies(i -> assertThat(i.node()).isNotEqualTo(victim));
  }

  @Test
  void anExclusiveStreamOfAPartitionedNodeStopsWhenItsLeaseRunsOutBeforeItStartsElsewhere() {
    Simulation sim = cluster(exclusive("door"), overlap("cam-1"), overlap("cam-2"));
    String victim = nodeOf(sim, "door");

    sim.schedule(new Fault.Partition(victim, FAULT_AT, 5_000, Network.Cut.DROP));
    sim.runUntil(FAULT_AT + 4_000);

    long stoppedAt = stoppedOn(sim, "door", victim, FAULT_AT);
    long startedAt = startedElsewhere(sim, "door", victim, FAULT_AT);
    long lease = Simulation.SETTINGS.leaseMs();
    long margin = Simulation.SETTINGS.leaseMarginMs();
    // the agent's lease counts from its last acknowledged heartbeat, sent before the cut
    assertThat(stoppedAt - FAULT_AT).as("old instance stopped").isBetween(lease - 300, lease + SimulatedAgent.LEASE_CHECK_MS);
    assertThat(startedAt).as("new instance started").isPositive();
    assertThat(startedAt - stoppedAt).as("new instance started %d ms after the old one stopped", startedAt - stoppedAt)
        .isGreaterThanOrEqualTo(margin - SimulatedAgent.LEASE_CHECK_MS);
  }

  @Test
  void whenTheLeaderBecomesLeaderAgainNoNodeIsDeclaredDownWhileAgentsKeepHeartbeating() {
    Simulation sim = cluster(overlap("cam-1"), overlap("cam-2"), exclusive("door"));
    Map<String, Long> before = epochs(sim);

    sim.leader().becameLeader();
    sim.runUntil(FAULT_AT + 15_000);

    assertThat(sim.leader().downs()).isZero();
    assertThat(sim.state().nodes()).allSatisfy(n -> assertThat(n.state()).isEqualTo(NodeState.READY));
    assertThat(epochs(sim)).isEqualTo(before);
  }

  @Test
  void aNewLeaderKeepsEveryNodeWhoseAgentReconnects() {
    Simulation sim = cluster(overlap("cam-1"), overlap("cam-2"), exclusive("door"));
    Map<String, Long> before = epochs(sim);

    sim.schedule(new Fault.LeaderChange(FAULT_AT, 1_000));
    sim.runUntil(FAULT_AT + 15_000);

    assertThat(sim.leader().id()).isEqualTo("server-2");
    assertThat(sim.leader().downs()).isZero();
    assertThat(sim.state().nodes()).allSatisfy(n -> assertThat(n.state()).isEqualTo(NodeState.READY));
    // overlap streams kept running through the election; the exclusive one stopped when its lease
    // ran out without a leader, and was placed anew (a stopped instance never restarts)
    assertThat(epochs(sim)).containsEntry("cam-1", before.get("cam-1")).containsEntry("cam-2", before.get("cam-2"));
    assertThat(sim.world().of("door")).hasSize(1);
  }

  /**
   * Was the simulation's one open gap: a SIGSTOPped agent cannot run its lease check, so its
   * exclusive processor outlived the lease. The lease watchdog kills it at the deadline now.
   */
  @Test
  void aPausedAgentsExclusiveStreamDiesAtItsLeaseBeforeItStartsElsewhere() {
    Simulation sim = cluster(exclusive("door"), overlap("cam-1"));
    String victim = nodeOf(sim, "door");

    sim.schedule(new Fault.Pause(victim, FAULT_AT, 6_000));
    sim.runUntil(FAULT_AT + 5_500);

    long stoppedAt = stoppedOn(sim, "door", victim, FAULT_AT);
    long startedAt = startedElsewhere(sim, "door", victim, FAULT_AT);
    assertThat(stoppedAt - FAULT_AT).as("killed by the watchdog at the lease").isLessThanOrEqualTo(Simulation.SETTINGS.leaseMs());
    assertThat(startedAt).as("started elsewhere after that").isGreaterThan(stoppedAt);
    assertThat(sim.world().of("door")).hasSize(1);
  }

  @Test
  void aPreemptedExclusiveStreamStartsAgainOnlyOnceItsSlowStopHasReturned() {
    Simulation sim = cluster(exclusive("door"), overlap("cam-1"));
    String victim = nodeOf(sim, "door");

    sim.schedule(new Fault.StreamChange("door", Fault.StreamChange.Kind.PREEMPT, victim, FAULT_AT, 0));
    sim.runUntil(FAULT_AT + 8_000);

    long stoppedAt = stoppedOn(sim, "door", victim, FAULT_AT);
    long restartedAt = sim.world().history().stream().filter(c -> c.started() && c.instance().streamId().equals("door"))
        .mapToLong(c -> c.atMs() - Simulation.T0).filter(t -> t >= FAULT_AT).min().orElse(-1);
    assertThat(stoppedAt).as("the old instance stopped").isPositive();
    assertThat(restartedAt).as("a new instance starts only once the old one is gone").isGreaterThanOrEqualTo(stoppedAt);
    assertThat(sim.world().of("door")).hasSize(1);
  }

  @Test
  void aDeposedLeaderThatGoesOnActingNeverLetsAnExclusiveStreamRunTwice() {
    Simulation sim = cluster(exclusive("door"), overlap("cam-1"), overlap("cam-2"));

    sim.schedule(new Fault.DeposedLeader(FAULT_AT, 2_500, 600));
    sim.runUntil(FAULT_AT + 10_000);

    assertThat(sim.leader().id()).isEqualTo("server-2");
    assertThat(sim.world().of("door")).hasSize(1);
  }

  /**
   * A job attempt lives under its node's lease, as an exclusive stream does: cut off, the agent
   * kills it when the lease runs out; the leader declares the node down (attempt 1 counts) and
   * dispatches the job elsewhere only once it knows that lease has run out (its last renewal, a
   * heartbeat before the cut, plus the lease and the margin). It finishes there as attempt 2.
   */
  @Test
  void aJobOfAPartitionedNodeRunsElsewhereOnlyAfterItsLeaseRanOutAndFinishesAsAttempt2() {
    Simulation sim = cluster(List.of(new JobPlan(job("encode", 4_000), 2_000)), overlap("cam-1"), overlap("cam-2"));
    JobRecord running = sim.state().job("encode");
    assertThat(running.state()).isEqualTo(JobState.RUNNING);
    String victim = running.node();

    sim.schedule(new Fault.Partition(victim, FAULT_AT, 5_000, Network.Cut.DROP));
    sim.runUntil(FAULT_AT + 12_000);

    long stoppedAt = stoppedOn(sim, "job:encode", victim, FAULT_AT);
    long startedAt = startedElsewhere(sim, "job:encode", victim, FAULT_AT);
    long lease = Simulation.SETTINGS.leaseMs();
    long lastRenewal = FAULT_AT - Simulation.SETTINGS.heartbeatIntervalMs() - SimulatedServer.MAX_COMMIT_MS;
    assertThat(stoppedAt - FAULT_AT).as("attempt 1 killed at the agent's lease").isBetween(lease - 300, lease + SimulatedAgent.LEASE_CHECK_MS);
    assertThat(startedAt).as("attempt 2 started elsewhere at %d ms, after the leader's lease", startedAt)
        .isGreaterThanOrEqualTo(Simulation.SETTINGS.exclusiveFreeAtMs(lastRenewal))
        .isGreaterThanOrEqualTo(stoppedAt + Simulation.SETTINGS.leaseMarginMs() - SimulatedAgent.LEASE_CHECK_MS);
    assertFinishedElsewhereAsAttempt2(sim, victim);
  }

  /**
   * A frozen agent cannot kill its attempt; its watchdog does, at the lease, and the job runs
   * elsewhere only after that. The killed attempt's failed outcome (exit 137), reported when the
   * agent resumes, is about an attempt the job has left behind and changes nothing.
   */
  @Test
  void aJobOfAFrozenAgentDiesAtItsLeaseBeforeItRunsElsewhereAsAttempt2() {
    Simulation sim = cluster(List.of(new JobPlan(job("encode", 4_000), 2_000)), overlap("cam-1"), overlap("cam-2"));
    String victim = sim.state().job("encode").node();

    sim.schedule(new Fault.Pause(victim, FAULT_AT, 6_000));
    sim.runUntil(FAULT_AT + 12_000);

    long stoppedAt = stoppedOn(sim, "job:encode", victim, FAULT_AT);
    long startedAt = startedElsewhere(sim, "job:encode", victim, FAULT_AT);
    assertThat(stoppedAt - FAULT_AT).as("killed by the watchdog at the lease").isLessThanOrEqualTo(Simulation.SETTINGS.leaseMs());
    assertThat(startedAt).as("attempt 2 started elsewhere after that").isGreaterThan(stoppedAt);
    assertFinishedElsewhereAsAttempt2(sim, victim);
  }

  /**
   * A camera that is away cannot give a stream's new instance its first frame, so a drain used to
   * wait for the move's deadline (60 s), give up and retry for as long as the camera stayed away.
   * With the camera away on both instances the move hands over at once: the node is drained within
   * seconds, the stream is degraded on its new node, and running there once the camera is back.
   */
  @Test
  void aDrainCompletesWhileAStreamsCameraIsAwayAndTheStreamRecoversWhereItWent() {
    Simulation sim = cluster(overlap("cam-1"), overlap("cam-2"), overlap("cam-3"));
    String drained = nodeOf(sim, "cam-1");
    sim.schedule(new Fault.CameraAway("cam-1", FAULT_AT, 120_000));
    sim.runUntil(FAULT_AT + 1_000);
    assertThat(sim.state().assignment("cam-1").state()).isEqualTo(AssignmentState.DEGRADED);

    sim.schedule(new Fault.StreamChange("cam-1", Fault.StreamChange.Kind.DRAIN, null, FAULT_AT + 1_000, 200_000));
    sim.runUntil(FAULT_AT + 6_000);

    NodeRecord node = sim.state().node(drained);
    assertThat(node.drain().done()).as("drained: %s", node.drain()).isTrue();
    Assignment a = sim.state().assignment("cam-1");
    assertThat(a.node()).isNotEqualTo(drained);
    assertThat(a.state()).isEqualTo(AssignmentState.DEGRADED);
    assertThat(a.reason()).contains("while the camera is away");
    assertThat(sim.world().of("cam-1")).singleElement().satisfies(i -> assertThat(i.node()).isEqualTo(a.node()));

    sim.runUntil(FAULT_AT + 121_000);
    assertThat(sim.state().assignment("cam-1").state()).isEqualTo(AssignmentState.RUNNING);
    assertThat(sim.state().assignment("cam-1").node()).isEqualTo(a.node());
  }

  /** A rollout is not held up by a stream whose camera is away: it updates it degraded and finishes. */
  @Test
  void aRolloutFinishesWhileAStreamsCameraIsAway() {
    Simulation sim = cluster(overlap("cam-1"), overlap("cam-2"), overlap("cam-3"));
    sim.schedule(new Fault.CameraAway("cam-2", FAULT_AT, 120_000));
    sim.schedule(new Fault.StreamChange("cam-1", Fault.StreamChange.Kind.ROLLOUT, null, FAULT_AT + 1_000, 0));
    sim.runUntil(FAULT_AT + 20_000);

    assertThat(sim.state().rollouts()).singleElement().satisfies(r -> assertThat(r.status()).isEqualTo(RolloutStatus.SUCCEEDED));
    Assignment cam2 = sim.state().assignment("cam-2");
    assertThat(cam2.version()).isEqualTo(sim.state().processor(BuiltinProcessors.MOTION).version());
    assertThat(cam2.state()).isEqualTo(AssignmentState.DEGRADED);
  }

  private static void assertFinishedElsewhereAsAttempt2(Simulation sim, String victim) {
    JobRecord done = sim.state().job("encode");
    assertThat(done.state()).isEqualTo(JobState.SUCCEEDED);
    assertThat(done.epoch()).isEqualTo(2);
    assertThat(done.attempts()).isEqualTo(2);
    assertThat(done.history()).extracting(JobAttempt::node).as("attempts ran on").hasSize(2).first().isEqualTo(victim);
    assertThat(done.history().getLast().node()).isNotEqualTo(victim);
    assertThat(done.history().getLast().outcome()).isEqualTo("succeeded");
    assertThat(sim.world().of("job:encode")).isEmpty();
  }
}
