package io.streamfleet.server.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.Assignment;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.Handover;
import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.model.Json;
import io.streamfleet.model.Resources;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.model.command.AbortHandovers;
import io.streamfleet.model.command.AppendEvents;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CreateStream;
import io.streamfleet.model.command.DeleteStream;
import io.streamfleet.model.command.MoveStreams;
import io.streamfleet.model.command.PlaceStreams;
import io.streamfleet.model.command.RegisterNode;
import io.streamfleet.model.command.ReportStatus;
import io.streamfleet.model.event.EventRecord;
import io.streamfleet.model.event.EventTypes;
import io.streamfleet.server.leader.DesiredAssignmentsBuilder;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** A planned move starts the new instance beside the old one and hands over when it is ready; each frame's events are kept once. */
class MakeBeforeBreakTest {
  private static final CommandMeta META = new CommandMeta(1_000, "leader", "leader");
  private final ClusterState state = ClusterState.initial();
  private long index = 1;

  @Test
  void theSuccessorRunsBesideTheCurrentInstanceAndTakesOverWhenReady() {
    runningOn("n1", "cam-1", HandoverPolicy.OVERLAP);
    apply(move("cam-1", 1, "n2"));

    Assignment moving = state.assignment("cam-1");
    assertThat(moving.node()).isEqualTo("n1");
    assertThat(moving.handover().toNode()).isEqualTo("n2");
    assertThat(moving.handover().epoch()).isEqualTo(2);
    assertThat(instances("n1")).containsExactly("cam-1@1");
    assertThat(instances("n2")).containsExactly("cam-1@2");

    apply(new ReportStatus(META, "cam-1", "n2", 2, AssignmentState.RUNNING, null, 0));

    Assignment after = state.assignment("cam-1");
    assertThat(after.node()).isEqualTo("n2");
    assertThat(after.epoch()).isEqualTo(2);
    assertThat(after.state()).isEqualTo(AssignmentState.RUNNING);
    assertThat(after.handover()).isNull();
    assertThat(instances("n1")).isEmpty();
    assertThat(instances("n2")).containsExactly("cam-1@2");
  }

  @Test
  void eachFrameIsTakenOnceFromWhicheverInstanceOwnsIt() {
    runningOn("n1", "cam-1", HandoverPolicy.OVERLAP);
    frames("n1", 1, 1, 100, 110); // the old instance: frames 100..110
    apply(move("cam-1", 1, "n2"));
    frames("n2", 2, 1, 105, 115); // the successor warms up on 105..115: held
    frames("n1", 1, 12, 111, 113); // the old instance goes on meanwhile: taken
    apply(new ReportStatus(META, "cam-1", "n2", 2, AssignmentState.RUNNING, null, 0));
    frames("n1", 1, 15, 114, 116); // the old instance's late events: its frames are the successor's now
    frames("n2", 2, 12, 116, 120); // the successor, current

    List<Long> taken = new ArrayList<>();
    for (EventRecord e : state.events(0, x -> x.type().equals(EventTypes.PROCESSOR), 1_000)) {
      taken.add(e.payload().get("frame").asLong());
    }
    assertThat(taken).containsExactlyInAnyOrderElementsOf(LongStream.rangeClosed(100, 120).boxed().toList());
    EventRecord marker = state.events(0, x -> x.type().equals(EventTypes.HANDOVER), 10).get(0);
    assertThat(marker.payload().get("frame").asLong()).isEqualTo(114);
    assertThat(marker.payload().get("from_epoch").asLong()).isEqualTo(1);
  }

  @Test
  void aSuccessorNotReadyByItsDeadlineIsGivenUpAndTheNextMoveGetsAHigherEpoch() {
    runningOn("n1", "cam-1", HandoverPolicy.OVERLAP);
    apply(move("cam-1", 1, "n2"));
    apply(new AbortHandovers(META, List.of(new AbortHandovers.Abort("cam-1", 2, "not ready within 60 s", 40_000))));

    Assignment a = state.assignment("cam-1");
    assertThat(a.node()).isEqualTo("n1");
    assertThat(a.epoch()).isEqualTo(1);
    assertThat(a.handover()).isNull();
    assertThat(a.lastFailure().reason()).contains("not ready");
    assertThat(a.movableAt(39_999)).isFalse();
    assertThat(instances("n2")).isEmpty();

    apply(move("cam-1", 1, "n2"));
    assertThat(state.assignment("cam-1").handover().epoch()).isEqualTo(3);
  }

  @Test
  void aFailedSuccessorLeavesTheStreamRunningWhereItWas() {
    runningOn("n1", "cam-1", HandoverPolicy.OVERLAP);
    apply(move("cam-1", 1, "n2"));
    apply(new ReportStatus(META, "cam-1", "n2", 2, AssignmentState.FAILED, "exit 1", 0));
    assertThat(state.assignment("cam-1").node()).isEqualTo("n1");
    assertThat(state.assignment("cam-1").state()).isEqualTo(AssignmentState.RUNNING);
    assertThat(state.assignment("cam-1").lastFailure().reason()).contains("failed on n2: exit 1");
  }

  @Test
  void aMoveWhoseCameraIsAwayOnBothInstancesHandsOverAtOnceAndStaysDegraded() {
    runningOn("n1", "cam-1", HandoverPolicy.OVERLAP);
    apply(new ReportStatus(META, "cam-1", "n1", 1, AssignmentState.DEGRADED, "camera away: connection refused", 0));
    apply(move("cam-1", 1, "n2"));
    apply(new ReportStatus(META, "cam-1", "n2", 2, AssignmentState.DEGRADED, "camera away: connection refused", 0));

    Assignment after = state.assignment("cam-1");
    assertThat(after.node()).isEqualTo("n2");
    assertThat(after.epoch()).isEqualTo(2);
    assertThat(after.handover()).isNull();
    assertThat(after.state()).isEqualTo(AssignmentState.DEGRADED);
    assertThat(after.reason()).contains("while the camera is away: camera away: connection refused");
    assertThat(instances("n1")).isEmpty();
    assertThat(instances("n2")).containsExactly("cam-1@2");
  }

  @Test
  void aCameraThatGoesAwayWhileItsSuccessorWaitsForItCompletesTheMove() {
    runningOn("n1", "cam-1", HandoverPolicy.OVERLAP);
    apply(move("cam-1", 1, "n2"));
    apply(new ReportStatus(META, "cam-1", "n2", 2, AssignmentState.DEGRADED, "camera away: timed out", 0));
    assertThat(state.assignment("cam-1").node()).as("the current instance still has frames: wait").isEqualTo("n1");

    apply(new ReportStatus(META, "cam-1", "n1", 1, AssignmentState.DEGRADED, "camera away: timed out", 0));

    assertThat(state.assignment("cam-1").node()).isEqualTo("n2");
    assertThat(state.assignment("cam-1").state()).isEqualTo(AssignmentState.DEGRADED);
  }

  @Test
  void aSuccessorWhoseCameraIsAwayWaitsWhileTheCurrentInstanceStillHasFrames() {
    runningOn("n1", "cam-1", HandoverPolicy.OVERLAP);
    apply(move("cam-1", 1, "n2"));
    apply(new ReportStatus(META, "cam-1", "n2", 2, AssignmentState.DEGRADED, "camera away: one client at a time", 0));

    Assignment a = state.assignment("cam-1");
    assertThat(a.node()).isEqualTo("n1");
    assertThat(a.state()).isEqualTo(AssignmentState.RUNNING);
    assertThat(a.handover().state()).isEqualTo(AssignmentState.DEGRADED);
  }

  @Test
  void theSuccessorHoldsRoomOnItsNodeFromTheStart() {
    runningOn("n1", "cam-1", HandoverPolicy.OVERLAP);
    assertThat(state.allocated("n2").cpuMillis()).isZero();
    apply(move("cam-1", 1, "n2"));
    assertThat(state.allocated("n2").cpuMillis()).isEqualTo(500);
    assertThat(state.allocated("n1").cpuMillis()).isEqualTo(500);
  }

  @Test
  void theAgentEdgeAdmitsTheSuccessorsAndThePredecessorsEventsSoTheLogCanDecide() {
    runningOn("n1", "cam-1", HandoverPolicy.OVERLAP);
    apply(move("cam-1", 1, "n2"));
    assertThat(state.eventAdmissible("n2", frame(2, 1, 50))).as("the successor's, held").isTrue();
    assertThat(state.eventAdmissible("n1", frame(1, 1, 50))).as("the current instance's").isTrue();
    assertThat(state.eventAdmissible("n2", frame(1, 1, 50))).as("an epoch that never ran there").isFalse();
    apply(new ReportStatus(META, "cam-1", "n2", 2, AssignmentState.RUNNING, null, 0));
    assertThat(state.eventAdmissible("n1", frame(1, 2, 51))).as("the replaced instance's, late").isTrue();
  }

  @Test
  void theSchedulerSeesTheRoomASuccessorHolds() {
    runningOn("n1", "cam-1", HandoverPolicy.OVERLAP);
    apply(move("cam-1", 1, "n2"));
    var snapshot = io.streamfleet.server.placement.SnapshotBuilder.build(state, id -> null, id -> true, null);
    var n2 = snapshot.nodes().stream().filter(n -> n.id().equals("n2")).findFirst().orElseThrow();
    assertThat(n2.capacity().cpuMillis()).isEqualTo(2_000 - 500);
  }

  @Test
  void anExclusiveStreamNeverHasTwoInstances() {
    runningOn("n1", "cam-1", HandoverPolicy.EXCLUSIVE);
    apply(move("cam-1", 1, "n2"));
    Assignment a = state.assignment("cam-1");
    assertThat(a.handover()).isNull();
    assertThat(a.state()).isEqualTo(AssignmentState.PENDING);
    assertThat(state.fence("cam-1").node()).isEqualTo("n1");
  }

  @Test
  void whenTheOldNodeIsLostMidMoveTheSuccessorTakesOver() {
    runningOn("n1", "cam-1", HandoverPolicy.OVERLAP);
    apply(move("cam-1", 1, "n2"));
    apply(new io.streamfleet.model.command.NodeDown(META, "n1", 1, "missed heartbeats", List.of(), List.of()));
    Assignment a = state.assignment("cam-1");
    assertThat(a.node()).isEqualTo("n2");
    assertThat(a.epoch()).isEqualTo(2);
  }

  @Test
  void aStreamDeletedMidMoveAndCreatedAgainStartsAboveTheSuccessorsEpoch() {
    runningOn("n1", "cam-1", HandoverPolicy.OVERLAP);
    apply(move("cam-1", 1, "n2")); // the successor cam-1@2 may run on n2 until n2 hears of the delete
    apply(new DeleteStream(META, "cam-1"));
    apply(new CreateStream(META, new StreamSpec("cam-1", "synthetic://cam-1", "motion", null, Resources.of(500, 128), null, 50,
        HandoverPolicy.OVERLAP, null, null)));

    assertThat(state.assignment("cam-1").nextEpoch()).isGreaterThan(2);
  }

  @Test
  void theStateSurvivesASnapshotMidMove() {
    runningOn("n1", "cam-1", HandoverPolicy.OVERLAP);
    apply(move("cam-1", 1, "n2"));
    frames("n2", 2, 1, 5, 6);
    ClusterState restored = ClusterState.restore(Json.mapper().convertValue(
        Json.mapper().convertValue(state.snapshot(), com.fasterxml.jackson.databind.JsonNode.class), StateSnapshot.class));
    assertThat(restored.snapshot()).usingRecursiveComparison().isEqualTo(state.snapshot());
  }

  private void runningOn(String node, String stream, HandoverPolicy policy) {
    apply(new RegisterNode(META, "n1", 1, null, null, "desktop", Resources.of(2_000, 4_096)));
    apply(new RegisterNode(META, "n2", 1, null, null, "desktop", Resources.of(2_000, 4_096)));
    apply(new CreateStream(META, new StreamSpec(stream, "synthetic://" + stream, "motion", null, Resources.of(500, 128), null, 50, policy,
        null, null)));
    apply(new PlaceStreams(META, List.of(new PlaceStreams.Placement(stream, 0, node)), Map.of()));
    apply(new ReportStatus(META, stream, node, 1, AssignmentState.RUNNING, null, 0));
  }

  private static MoveStreams move(String stream, long fromEpoch, String to) {
    return new MoveStreams(META, List.of(new MoveStreams.Move(stream, fromEpoch, to, 0, Handover.REBALANCE, 61_000)));
  }

  /** One event per frame in {@code from..to}, numbered from {@code firstSeq}. */
  private void frames(String node, long epoch, long firstSeq, long from, long to) {
    List<AppendEvents.Item> items = new ArrayList<>();
    for (long f = from; f <= to; f++) {
      items.add(new AppendEvents.Item("cam-1", epoch, firstSeq + (f - from), "frame", 1_000 + f,
          Json.mapper().createObjectNode().put("frame", f)));
    }
    apply(new AppendEvents(META, node, items));
  }

  private static AppendEvents.Item frame(long epoch, long seq, long frame) {
    return new AppendEvents.Item("cam-1", epoch, seq, "frame", 1_000 + frame, Json.mapper().createObjectNode().put("frame", frame));
  }

  private List<String> instances(String node) {
    return DesiredAssignmentsBuilder.forNode(state, node).getInstancesList().stream()
        .map(d -> d.getStreamId() + "@" + d.getEpoch()).toList();
  }

  private void apply(io.streamfleet.model.command.Command c) {
    assertThat(state.apply(c, index++).isOk()).as(c.toString()).isTrue();
  }
}
