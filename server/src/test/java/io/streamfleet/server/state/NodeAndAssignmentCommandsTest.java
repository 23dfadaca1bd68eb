package io.streamfleet.server.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.Assignment;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.Resources;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CreateStream;
import io.streamfleet.model.command.NodeDown;
import io.streamfleet.model.command.NodeHealth;
import io.streamfleet.model.command.CordonNode;
import io.streamfleet.model.command.PlaceStreams;
import io.streamfleet.model.command.RegisterNode;
import io.streamfleet.model.command.ReportStatus;
import io.streamfleet.model.command.ReportStatuses;
import io.streamfleet.model.command.UpdateStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NodeAndAssignmentCommandsTest {
  private static final CommandMeta META = new CommandMeta(1_000, "agent:n1", "agent");
  private final ClusterState state = ClusterState.initial();
  private long index = 1;

  @Test
  void aRegisteredNodeIsReadyAndAnOlderIncarnationIsRefused() {
    register("n1", 20, 2000);
    assertThat(state.node("n1").state()).isEqualTo(NodeState.READY);
    assertThat(state.apply(new RegisterNode(META, "n1", 10, null, null, "desktop", Resources.of(1, 1)), index++).code()).isEqualTo("conflict");
    assertThat(state.node("n1").incarnation()).isEqualTo(20);
  }

  @Test
  void placingMovesAPendingStreamToItsNodeAtTheNextEpoch() {
    register("n1", 1, 2000);
    stream("cam-1", 500);
    assertThat(state.apply(new PlaceStreams(META, List.of(new PlaceStreams.Placement("cam-1", 0, "n1")), Map.of()), index++).version()).isEqualTo(1);
    Assignment a = state.assignment("cam-1");
    assertThat(a.node()).isEqualTo("n1");
    assertThat(a.epoch()).isEqualTo(1);
    assertThat(a.state()).isEqualTo(AssignmentState.STARTING);
  }

  @Test
  void aPlacementPlannedOnOldStateIsSkipped() {
    register("n1", 1, 600);
    stream("cam-1", 500);
    stream("cam-2", 500);
    // Both planned onto n1, but only one fits: the apply re-checks capacity.
    state.apply(new PlaceStreams(META, List.of(new PlaceStreams.Placement("cam-1", 0, "n1"),
        new PlaceStreams.Placement("cam-2", 0, "n1")), Map.of()), index++);
    assertThat(state.assignment("cam-1").node()).isEqualTo("n1");
    assertThat(state.assignment("cam-2").state()).isEqualTo(AssignmentState.PENDING);
    // A placement from an epoch that has passed is skipped too.
    state.apply(new PlaceStreams(META, List.of(new PlaceStreams.Placement("cam-1", 0, "n1")), Map.of()), index++);
    assertThat(state.assignment("cam-1").epoch()).isEqualTo(1);
  }

  @Test
  void statusOfTheCurrentEpochAppliesAndStaleStatusIsIgnored() {
    register("n1", 1, 2000);
    stream("cam-1", 500);
    state.apply(new PlaceStreams(META, List.of(new PlaceStreams.Placement("cam-1", 0, "n1")), Map.of()), index++);
    assertThat(state.apply(new ReportStatus(META, "cam-1", "n1", 1, AssignmentState.RUNNING, null, 0), index++).isOk()).isTrue();
    assertThat(state.assignment("cam-1").state()).isEqualTo(AssignmentState.RUNNING);
    assertThat(state.apply(new ReportStatus(META, "cam-1", "n1", 0, AssignmentState.FAILED, "old", 0), index++).isOk()).isFalse();
    assertThat(state.apply(new ReportStatus(META, "cam-1", "n2", 1, AssignmentState.FAILED, "other node", 0), index++).isOk()).isFalse();
    assertThat(state.assignment("cam-1").state()).isEqualTo(AssignmentState.RUNNING);
  }

  @Test
  void aNodeGoingDownRequeuesItsStreamsAtTheNextEpoch() {
    register("n1", 7, 2000);
    stream("cam-1", 500);
    state.apply(new PlaceStreams(META, List.of(new PlaceStreams.Placement("cam-1", 0, "n1")), Map.of()), index++);
    assertThat(state.apply(new NodeDown(META, "n1", 6, "stale"), index++).isOk()).isFalse();
    assertThat(state.apply(new NodeDown(META, "n1", 7, "session closed"), index++).isOk()).isTrue();
    assertThat(state.node("n1").state()).isEqualTo(NodeState.DOWN);
    Assignment a = state.assignment("cam-1");
    assertThat(a.state()).isEqualTo(AssignmentState.PENDING);
    assertThat(a.epoch()).isEqualTo(2);
    assertThat(a.reason()).contains("n1 went down");
  }

  @Test
  void changingAnAssignedStreamsSpecStartsANewEpochOnTheSameNode() {
    register("n1", 1, 2000);
    stream("cam-1", 500);
    state.apply(new PlaceStreams(META, List.of(new PlaceStreams.Placement("cam-1", 0, "n1")), Map.of()), index++);
    state.apply(new UpdateStream(META, spec("cam-1", 400)), index++);
    assertThat(state.assignment("cam-1").epoch()).isEqualTo(2);
    assertThat(state.assignment("cam-1").node()).isEqualTo("n1");
  }

  @Test
  void pendingReasonsAreRecorded() {
    stream("cam-1", 500);
    state.apply(new PlaceStreams(META, List.of(), Map.of("cam-1", "needs 500 cpu_millis")), index++);
    assertThat(state.assignment("cam-1").reason()).isEqualTo("needs 500 cpu_millis");
  }

  @Test
  void aNodeGoingDownMovesItsStreamsInTheSameCommandAtTheNextEpoch() {
    register("n1", 7, 2000);
    register("n2", 1, 2000);
    stream("cam-1", 500);
    stream("cam-2", 500);
    place("cam-1", 0, "n1");
    place("cam-2", 0, "n1");

    var result = state.apply(new NodeDown(META, "n1", 7, "no heartbeat", List.of(new NodeDown.Placement("cam-1", "n2"))), index++);

    assertThat(result.version()).isEqualTo(1);
    assertThat(state.assignment("cam-1")).satisfies(a -> {
      assertThat(a.node()).isEqualTo("n2");
      assertThat(a.epoch()).isEqualTo(2);
      assertThat(a.state()).isEqualTo(AssignmentState.STARTING);
    });
    // Without a placement a stream of the lost node waits, also at the next epoch.
    assertThat(state.assignment("cam-2").state()).isEqualTo(AssignmentState.PENDING);
    assertThat(state.assignment("cam-2").epoch()).isEqualTo(2);
  }

  @Test
  void aNodeDownPlacementThatNoLongerFitsLeavesTheStreamPending() {
    register("n1", 7, 2000);
    register("n2", 1, 600);
    stream("cam-1", 500);
    stream("cam-2", 500);
    place("cam-1", 0, "n1");
    place("cam-2", 0, "n1");

    state.apply(new NodeDown(META, "n1", 7, "reset",
        List.of(new NodeDown.Placement("cam-1", "n2"), new NodeDown.Placement("cam-2", "n2"))), index++);

    assertThat(state.assignment("cam-1").node()).isEqualTo("n2");
    assertThat(state.assignment("cam-2").state()).isEqualTo(AssignmentState.PENDING);
  }

  @Test
  void exclusiveStreamsOfALostNodeAlwaysWaitEvenWithAPlacement() {
    register("n1", 7, 2000);
    register("n2", 1, 2000);
    assertThat(state.apply(new CreateStream(META, new StreamSpec("door", "synthetic://door", "motion", null, Resources.of(100, 64), null,
        50, HandoverPolicy.EXCLUSIVE, null, null)), index++).isOk()).isTrue();
    place("door", 0, "n1");

    state.apply(new NodeDown(META, "n1", 7, "reset", List.of(new NodeDown.Placement("door", "n2"))), index++);

    assertThat(state.assignment("door").state()).isEqualTo(AssignmentState.PENDING);
    assertThat(state.assignment("door").reason()).contains("exclusive: waiting for its lease to run out");
  }

  @Test
  void aSuspectNodeKeepsItsStreamsTakesNoNewOnesAndCanBeReadyAgain() {
    register("n1", 7, 2000);
    stream("cam-1", 500);
    place("cam-1", 0, "n1");
    stream("cam-2", 500);

    assertThat(state.apply(new NodeHealth(META, "n1", 7, NodeState.SUSPECT, "late heartbeats"), index++).isOk()).isTrue();
    assertThat(state.node("n1").state()).isEqualTo(NodeState.SUSPECT);
    assertThat(state.node("n1").stateReason()).isEqualTo("late heartbeats");
    assertThat(state.assignment("cam-1").node()).isEqualTo("n1");
    place("cam-2", 0, "n1");
    assertThat(state.assignment("cam-2").state()).isEqualTo(AssignmentState.PENDING);

    assertThat(state.apply(new NodeHealth(META, "n1", 7, NodeState.READY, "heartbeats resumed"), index++).isOk()).isTrue();
    assertThat(state.node("n1").state()).isEqualTo(NodeState.READY);
  }

  @Test
  void aHealthVerdictAboutAnotherIncarnationOrADownNodeIsRefused() {
    register("n1", 7, 2000);
    assertThat(state.apply(new NodeHealth(META, "n1", 6, NodeState.SUSPECT, "old"), index++).code()).isEqualTo("conflict");
    state.apply(new NodeDown(META, "n1", 7, "reset"), index++);
    assertThat(state.apply(new NodeHealth(META, "n1", 7, NodeState.READY, "late"), index++).code()).isEqualTo("conflict");
    assertThat(state.node("n1").state()).isEqualTo(NodeState.DOWN);
  }

  @Test
  void aFlappingNodeRegistersSuspectWithItsHoldReason() {
    state.apply(new RegisterNode(META, "n1", 1, null, null, "desktop", Resources.of(1000, 1000), "flapping"), index++);
    assertThat(state.node("n1").state()).isEqualTo(NodeState.SUSPECT);
    assertThat(state.node("n1").stateReason()).isEqualTo("flapping");
  }

  @Test
  void anEvictionFreesRoomForAPlacementInTheSameCommand() {
    register("n1", 1, 1000);
    stream("low", 800);
    stream("high", 800);
    place("low", 0, "n1");

    state.apply(new PlaceStreams(META, List.of(new PlaceStreams.Placement("high", 0, "n1")), Map.of(),
        List.of(new PlaceStreams.Eviction("low", 1, "preempted by high")), List.of()), index++);

    assertThat(state.assignment("high").node()).isEqualTo("n1");
    assertThat(state.assignment("low")).satisfies(a -> {
      assertThat(a.state()).isEqualTo(AssignmentState.PENDING);
      assertThat(a.epoch()).isEqualTo(2);
      assertThat(a.reason()).isEqualTo("preempted by high");
    });
  }

  @Test
  void aMoveTakesAnAssignedStreamToAnotherNodeAtTheNextEpochAndAStaleMoveIsSkipped() {
    register("n1", 1, 2000);
    register("n2", 1, 2000);
    stream("cam-1", 500);
    place("cam-1", 0, "n1");

    state.apply(new PlaceStreams(META, List.of(), Map.of(), List.of(), List.of(new PlaceStreams.Move("cam-1", 1, "n2"))), index++);
    state.apply(new PlaceStreams(META, List.of(), Map.of(), List.of(), List.of(new PlaceStreams.Move("cam-1", 1, "n1"))), index++);

    assertThat(state.assignment("cam-1").node()).isEqualTo("n2");
    assertThat(state.assignment("cam-1").epoch()).isEqualTo(2);
    assertThat(state.assignment("cam-1").reason()).isEqualTo("rebalanced from n1");
  }

  @Test
  void aBatchOfReportsAppliesEachCurrentOneAndSkipsTheStaleOnes() {
    register("n1", 1, 2000);
    stream("cam-1", 500);
    stream("cam-2", 500);
    place("cam-1", 0, "n1");
    place("cam-2", 0, "n1");

    var result = state.apply(new ReportStatuses(META, "n1", List.of(
        new ReportStatuses.Item("cam-1", 1, AssignmentState.RUNNING, null, 0),
        new ReportStatuses.Item("cam-2", 0, AssignmentState.FAILED, "stale epoch", 0))), index++);

    assertThat(result.version()).isEqualTo(1);
    assertThat(state.assignment("cam-1").state()).isEqualTo(AssignmentState.RUNNING);
    assertThat(state.assignment("cam-2").state()).isEqualTo(AssignmentState.STARTING);
  }

  @Test
  void aCordonedNodeKeepsItsStreamsTakesNoNewOnesAndStaysCordonedThroughReRegistration() {
    register("n1", 1, 2000);
    stream("cam-1", 500);
    place("cam-1", 0, "n1");
    stream("cam-2", 500);

    assertThat(state.apply(new CordonNode(META, "n1", true), index++).isOk()).isTrue();
    place("cam-2", 0, "n1");
    register("n1", 2, 2000);

    assertThat(state.node("n1").effectiveState()).isEqualTo(NodeState.CORDONED);
    assertThat(state.assignment("cam-1").node()).isEqualTo("n1");
    assertThat(state.assignment("cam-2").state()).isEqualTo(AssignmentState.PENDING);

    state.apply(new CordonNode(META, "n1", false), index++);
    place("cam-2", 0, "n1");
    assertThat(state.node("n1").effectiveState()).isEqualTo(NodeState.READY);
    assertThat(state.assignment("cam-2").node()).isEqualTo("n1");
    assertThat(state.apply(new CordonNode(META, "nope", true), index++).code()).isEqualTo("not_found");
  }

  private void place(String stream, long fromEpoch, String node) {
    state.apply(new PlaceStreams(META, List.of(new PlaceStreams.Placement(stream, fromEpoch, node)), Map.of()), index++);
  }

  private void register(String id, long incarnation, int cpu) {
    assertThat(state.apply(new RegisterNode(META, id, incarnation, null, null, "desktop", Resources.of(cpu, 4096)), index++).isOk()).isTrue();
  }

  private void stream(String id, int cpu) {
    assertThat(state.apply(new CreateStream(META, spec(id, cpu)), index++).isOk()).isTrue();
  }

  private static StreamSpec spec(String id, int cpu) {
    return new StreamSpec(id, "synthetic://" + id, "motion", null, Resources.of(cpu, 128), null, 50, HandoverPolicy.OVERLAP, null, null);
  }
}
