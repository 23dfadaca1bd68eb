package io.streamfleet.server.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.Assignment;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.DriverKind;
import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.model.Json;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.ProcessorSpec;
import io.streamfleet.model.Readiness;
import io.streamfleet.model.Resources;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.model.UpdatePolicy;
import io.streamfleet.model.command.Command;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CreateStream;
import io.streamfleet.model.command.DrainNode;
import io.streamfleet.model.command.PlaceStreams;
import io.streamfleet.model.command.PutProcessor;
import io.streamfleet.model.command.RegisterNode;
import io.streamfleet.model.command.ReportStatus;
import io.streamfleet.model.command.SetRollout;
import io.streamfleet.model.rollout.Rollout;
import io.streamfleet.model.rollout.RolloutAction;
import io.streamfleet.model.rollout.RolloutStatus;
import io.streamfleet.scheduler.Scheduler;
import io.streamfleet.server.state.ClusterState;
import io.streamfleet.server.state.StateSnapshot;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * Drains and rollouts driven by the real planner and state on a manual clock, with fake agents
 * that make each new instance ready (or fail) a fixed time after it appears.
 */
class MovePlannerTest {
  private static final long TICK = 100;
  private final MovePlanner planner = new MovePlanner(new PlacementPlanner(new Scheduler()));
  private ClusterState state = ClusterState.initial();
  private long index = 1;
  private long now = 1_000;
  /** How long a successor takes to report; null when it fails instead. */
  private Long readyAfterMs = 300L;
  private final Map<String, Long> seenAt = new HashMap<>();
  private int maxInFlight;
  private int interruptions;

  @Test
  void aRolloutNeverUpdatesMoreThanMaxParallelAtOnceAndSucceeds() {
    cluster(2, 8, 4_000);
    putMotion("v2", new UpdatePolicy(2, 1_000, 0, true, 0, 60_000));

    runUntil(r -> r.status() == RolloutStatus.SUCCEEDED, 200);

    assertThat(maxInFlight).isEqualTo(2);
    assertThat(state.assignments()).allSatisfy(a -> assertThat(a.version()).isEqualTo(2));
    assertThat(interruptions).isZero();
    assertThat(rollout().updatedMs()).hasSize(8);
  }

  @Test
  void withNoRoomAnywhereForASecondInstanceAStreamIsUpdatedByARestartInPlace() {
    cluster(1, 2, 1_000); // two streams of 500 fill the only node
    putMotion("v2", new UpdatePolicy(1, 200, 0, true, 0, 60_000));

    runUntilRunning(r -> r.status() == RolloutStatus.SUCCEEDED, 200);

    assertThat(state.assignments()).allSatisfy(a -> assertThat(a.version()).isEqualTo(2));
    assertThat(state.assignments()).allSatisfy(a -> {
      assertThat(a.node()).isEqualTo("n1");
      assertThat(a.epoch()).as("a new instance in place").isEqualTo(2);
    });
  }

  @Test
  void aCanaryWaitsForPromotion() {
    cluster(2, 6, 4_000);
    putMotion("v2", new UpdatePolicy(3, 500, 1, true, 0, 60_000));

    runUntil(r -> r.status() == RolloutStatus.AWAITING_PROMOTION, 100);
    assertThat(state.assignments().stream().filter(a -> a.version() == 2)).hasSize(1);
    for (int i = 0; i < 20; i++) {
      tick();
    }
    assertThat(state.assignments().stream().filter(a -> a.version() == 2)).as("nothing moves until promoted").hasSize(1);

    apply(new SetRollout(meta(), "motion", 2, RolloutAction.PROMOTE, "by test"));
    runUntil(r -> r.status() == RolloutStatus.SUCCEEDED, 200);
    assertThat(state.assignments()).allSatisfy(a -> assertThat(a.version()).isEqualTo(2));
  }

  @Test
  void aVersionThatNeverBecomesReadyIsRevertedAndNoStreamIsInterrupted() {
    cluster(2, 6, 4_000);
    Map<String, Long> epochs = new TreeMap<>();
    state.assignments().forEach(a -> epochs.put(a.streamId(), a.epoch()));
    readyAfterMs = null; // every new instance fails
    putMotion("broken", new UpdatePolicy(2, 500, 0, true, 1, 5_000));

    runUntil(r -> r.status() == RolloutStatus.SUCCEEDED && r.revertOf() == 2, 300);

    Rollout reverted = state.rollouts().stream().filter(r -> r.version() == 2).findFirst().orElseThrow();
    assertThat(reverted.status()).isEqualTo(RolloutStatus.REVERTED);
    assertThat(reverted.reason()).contains("auto-revert").contains("2 stream(s) failed");
    assertThat(state.processor("motion").env()).doesNotContainKey("VARIANT");
    assertThat(state.assignments()).allSatisfy(a -> {
      assertThat(a.state()).isEqualTo(AssignmentState.RUNNING);
      assertThat(a.epoch()).as("still the instance it had").isEqualTo(epochs.get(a.streamId()));
    });
    assertThat(interruptions).isZero();
  }

  @Test
  void aPausedRolloutMovesNothingUntilResumed() {
    cluster(2, 6, 4_000);
    putMotion("v2", new UpdatePolicy(1, 0, 0, true, 0, 60_000));
    apply(new SetRollout(meta(), "motion", 2, RolloutAction.PAUSE, "by test"));
    for (int i = 0; i < 30; i++) {
      tick();
    }
    assertThat(state.assignments().stream().filter(a -> a.version() == 2 || a.handover() != null)).isEmpty();
    apply(new SetRollout(meta(), "motion", 2, RolloutAction.RESUME, "by test"));
    runUntil(r -> r.status() == RolloutStatus.SUCCEEDED, 200);
  }

  @Test
  void aNewLeaderPicksTheRolloutUpWhereTheOldOneLeftIt() {
    cluster(2, 8, 4_000);
    putMotion("v2", new UpdatePolicy(2, 200, 0, true, 0, 60_000));
    for (int i = 0; i < 6; i++) {
      tick();
    }
    long updatedBefore = state.assignments().stream().filter(a -> a.version() == 2).count();
    assertThat(updatedBefore).isBetween(1L, 7L);
    // The new leader has only the replicated state (here: a snapshot round trip) and a planner of its own.
    state = ClusterState.restore(Json.mapper().convertValue(Json.mapper().valueToTree(state.snapshot()), StateSnapshot.class));
    runUntil(r -> r.status() == RolloutStatus.SUCCEEDED, 200);
    assertThat(state.assignments()).allSatisfy(a -> assertThat(a.version()).isEqualTo(2));
  }

  @Test
  void aDrainMovesEveryStreamMakeBeforeBreakAndEndsDrained() {
    cluster(3, 9, 4_000);
    long onN1 = state.assignments().stream().filter(a -> "n1".equals(a.node())).count();
    assertThat(onN1).isPositive();
    apply(new DrainNode(meta(), "n1", 2, now + 60_000, null));
    assertThat(state.node("n1").effectiveState()).isEqualTo(NodeState.DRAINING);

    for (int i = 0; i < 100 && state.node("n1").effectiveState() != NodeState.DRAINED; i++) {
      tick();
      long fromN1 = state.assignments().stream().filter(a -> "n1".equals(a.node()) && a.handover() != null).count();
      assertThat(fromN1).isLessThanOrEqualTo(2);
    }
    assertThat(state.node("n1").effectiveState()).isEqualTo(NodeState.DRAINED);
    assertThat(state.assignments()).allSatisfy(a -> assertThat(a.node()).isNotEqualTo("n1"));
    assertThat(interruptions).isZero();
  }

  @Test
  void aDrainThatCannotFinishNamesTheStuckStreamsAndWhy() {
    cluster(2, 4, 1_000); // 4 streams of 500 on two nodes of 1,000: no room anywhere else
    apply(new DrainNode(meta(), "n1", 2, now + 2_000, null));
    for (int i = 0; i < 40; i++) {
      tick();
    }
    assertThat(state.node("n1").effectiveState()).isEqualTo(NodeState.DRAINING);
    assertThat(state.node("n1").drain().stuck()).contains("not drained by the deadline").contains("cam-");
  }

  /**
   * Streams bound to the drained node's zone have nowhere to go; the ones that may run elsewhere
   * must still move. They used to wait behind the stuck ones for a turn that never came (found by
   * the dashboard's browser test: dev's cameras with one node dead).
   */
  @Test
  void streamsWithNowhereToGoDoNotHoldUpTheOnesThatCanMove() {
    apply(new RegisterNode(meta(), "n1", 1, "zone-a", null, "desktop", Resources.of(8_000, 8_192)));
    apply(new RegisterNode(meta(), "n2", 1, "zone-b", null, "desktop", Resources.of(8_000, 8_192)));
    for (String id : List.of("cam-1", "cam-2", "cam-3", "cam-4")) { // sorted first: bound to zone-a, which has no other node
      createOn("n1", new StreamSpec(id, "synthetic://" + id, "motion", "zone-a", Resources.of(500, 128), null, 50, HandoverPolicy.OVERLAP,
          null, null));
    }
    createOn("n1", new StreamSpec("cam-9", "synthetic://cam-9", "motion", null, Resources.of(500, 128), null, 50, HandoverPolicy.OVERLAP,
        null, null));

    apply(new DrainNode(meta(), "n1", 2, now + 60_000, null));
    for (int i = 0; i < 20; i++) {
      tick();
    }

    assertThat(state.assignment("cam-9").node()).isEqualTo("n2");
    assertThat(state.assignments().stream().filter(a -> "n1".equals(a.node())).map(Assignment::streamId))
        .containsExactlyInAnyOrder("cam-1", "cam-2", "cam-3", "cam-4");
  }

  private void createOn(String node, StreamSpec spec) {
    apply(new CreateStream(meta(), spec));
    apply(new PlaceStreams(meta(), List.of(new PlaceStreams.Placement(spec.id(), 0, node)), Map.of()));
    Assignment a = state.assignment(spec.id());
    apply(new ReportStatus(meta(), spec.id(), a.node(), a.epoch(), AssignmentState.RUNNING, null, 0));
  }

  // ---- the simulated cluster ----

  private void cluster(int nodes, int streams, int cpuPerNode) {
    for (int n = 1; n <= nodes; n++) {
      apply(new RegisterNode(meta(), "n" + n, 1, null, null, "desktop", Resources.of(cpuPerNode, 8_192)));
    }
    for (int s = 1; s <= streams; s++) {
      String id = "cam-" + s;
      apply(new CreateStream(meta(), new StreamSpec(id, "synthetic://" + id, "motion", null, Resources.of(500, 128), null, 50,
          HandoverPolicy.OVERLAP, null, null)));
      apply(new PlaceStreams(meta(), List.of(new PlaceStreams.Placement(id, 0, "n" + (1 + (s - 1) % nodes))), Map.of()));
      Assignment a = state.assignment(id);
      apply(new ReportStatus(meta(), id, a.node(), a.epoch(), AssignmentState.RUNNING, null, 0));
    }
  }

  private void putMotion(String variant, UpdatePolicy policy) {
    apply(new PutProcessor(meta(), new ProcessorSpec("motion", 0, DriverKind.BUILTIN, "motion", null, new TreeMap<>(Map.of("VARIANT", variant)),
        null, Readiness.FIRST_FRAME, Resources.of(250, 128), "motion " + variant, policy)));
  }

  private Rollout rollout() {
    return state.rollouts().stream().reduce((a, b) -> b).orElseThrow();
  }

  private void runUntil(Predicate<Rollout> done, int maxTicks) {
    for (int i = 0; i < maxTicks; i++) {
      if (!state.rollouts().isEmpty() && done.test(state.rollouts().stream().filter(r -> r.processor().equals("motion"))
          .reduce((a, b) -> b).orElseThrow())) {
        return;
      }
      tick();
    }
    throw new AssertionError("not done after " + maxTicks + " ticks: " + state.rollouts());
  }

  /** As {@link #runUntil}, the agents also reporting restarted instances running. */
  private void runUntilRunning(Predicate<Rollout> done, int maxTicks) {
    for (int i = 0; i < maxTicks; i++) {
      for (Assignment a : List.copyOf(state.assignments())) {
        if (a.state() == AssignmentState.STARTING && a.node() != null) {
          apply(new ReportStatus(meta(), a.streamId(), a.node(), a.epoch(), AssignmentState.RUNNING, null, 0));
        }
      }
      if (!state.rollouts().isEmpty() && done.test(rollout())) {
        return;
      }
      tick();
    }
    throw new AssertionError("not done after " + maxTicks + " ticks: " + state.rollouts());
  }

  /** The clock moves on; the leader plans and proposes; the agents report on the new instances. */
  private void tick() {
    now += TICK;
    for (Command c : planner.step(state, id -> null, meta())) {
      state.apply(c, index++);
    }
    int inFlight = 0;
    for (Assignment a : List.copyOf(state.assignments())) {
      if (a.state() != AssignmentState.RUNNING) {
        interruptions++;
      }
      if (a.handover() == null) {
        continue;
      }
      inFlight++;
      String key = a.streamId() + "@" + a.handover().epoch();
      long since = seenAt.computeIfAbsent(key, k -> now);
      if (readyAfterMs == null && now - since >= 200) {
        apply(new ReportStatus(meta(), a.streamId(), a.handover().toNode(), a.handover().epoch(), AssignmentState.FAILED, "exit 1", 0));
      } else if (readyAfterMs != null && now - since >= readyAfterMs) {
        apply(new ReportStatus(meta(), a.streamId(), a.handover().toNode(), a.handover().epoch(), AssignmentState.RUNNING, null, 0));
      }
    }
    maxInFlight = Math.max(maxInFlight, inFlight);
  }

  private void apply(Command c) {
    assertThat(state.apply(c, index++).isOk()).as(c.toString()).isTrue();
  }

  private CommandMeta meta() {
    return new CommandMeta(now, "test", "test");
  }
}
