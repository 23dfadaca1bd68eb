package io.streamfleet.server.placement;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.model.Resources;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CreateStream;
import io.streamfleet.model.command.NodeDown;
import io.streamfleet.model.command.PlaceStreams;
import io.streamfleet.model.command.RegisterNode;
import io.streamfleet.scheduler.Scheduler;
import io.streamfleet.server.state.ClusterState;
import org.junit.jupiter.api.Test;

class PlacementPlannerTest {
  private static final CommandMeta META = new CommandMeta(1_000, "test", "test");
  private final ClusterState state = ClusterState.initial();
  private final PlacementPlanner planner = new PlacementPlanner(new Scheduler());
  private long index = 1;

  @Test
  void pendingStreamsArePlacedFromTheirCurrentEpoch() {
    node("n1", 2000);
    stream("cam-1", 500, HandoverPolicy.OVERLAP, 50);

    PlaceStreams command = planner.placePending(state, id -> null, id -> false, META);

    assertThat(command.placements()).containsExactly(new PlaceStreams.Placement("cam-1", 0, "n1"));
  }

  @Test
  void nothingToDoGivesNoCommand() {
    node("n1", 2000);
    stream("cam-1", 500, HandoverPolicy.OVERLAP, 50);
    state.apply(planner.placePending(state, id -> null, id -> false, META), index++);

    assertThat(planner.placePending(state, id -> null, id -> false, META)).isNull();
  }

  @Test
  void streamsWaitingForALeaseAreNotPlaced() {
    node("n1", 2000);
    stream("door", 500, HandoverPolicy.EXCLUSIVE, 50);

    assertThat(planner.placePending(state, id -> null, id -> id.equals("door"), META)).isNull();
  }

  @Test
  void aNodeDownCarriesPlacementsForExactlyTheLostNodesOverlapStreams() {
    node("n1", 2000);
    stream("cam-1", 500, HandoverPolicy.OVERLAP, 50);
    stream("door", 500, HandoverPolicy.EXCLUSIVE, 50);
    state.apply(planner.placePending(state, id -> null, id -> false, META), index++);
    node("n2", 2000);
    stream("cam-2", 500, HandoverPolicy.OVERLAP, 50); // pending, not on the lost node

    NodeDown down = planner.nodeDown(state, "n1", 1, "reset", id -> null, META);

    assertThat(down.placements()).containsExactly(new NodeDown.Placement("cam-1", "n2"));
    state.apply(down, index++);
    assertThat(state.assignment("cam-1").node()).isEqualTo("n2");
    assertThat(state.assignment("door").state()).isEqualTo(AssignmentState.PENDING);
    assertThat(state.assignment("cam-2").state()).isEqualTo(AssignmentState.PENDING);
  }

  @Test
  void aHigherPriorityStreamThatFitsNowhereEvictsLowerPriorityWorkAndSaysSo() {
    node("n1", 1000);
    stream("low", 800, HandoverPolicy.OVERLAP, 10);
    state.apply(planner.placePending(state, id -> null, id -> false, META), index++);
    stream("high", 800, HandoverPolicy.OVERLAP, 90);

    PlaceStreams command = planner.placePending(state, id -> null, id -> false, META);

    assertThat(command.evictions()).singleElement().satisfies(e -> {
      assertThat(e.streamId()).isEqualTo("low");
      assertThat(e.fromEpoch()).isEqualTo(1);
      assertThat(e.reason()).contains("preempted by high");
    });
    state.apply(command, index++);
    assertThat(state.assignment("high").node()).isEqualTo("n1");
    assertThat(state.assignment("low").state()).isEqualTo(AssignmentState.PENDING);
  }

  @Test
  void theRebalancerMovesOverlapStreamsOnlyWhileExclusiveOnesStillCountAsLoad() {
    node("n1", 4000);
    stream("door-1", 1000, HandoverPolicy.EXCLUSIVE, 50);
    stream("door-2", 1000, HandoverPolicy.EXCLUSIVE, 50);
    stream("cam-1", 1000, HandoverPolicy.OVERLAP, 50);
    state.apply(planner.placePending(state, id -> null, id -> false, META), index++);
    node("n2", 4000);

    PlacementPlanner.Rebalance r = planner.rebalance(state, id -> null, 10, META);

    assertThat(r.plan().moves()).extracting(io.streamfleet.scheduler.Move::streamId).containsExactly("cam-1");
    assertThat(r.command().moves()).singleElement().satisfies(m -> assertThat(m.toNode()).isEqualTo("n2"));
  }

  @Test
  void anExecStreamGoesOnlyToANodeWhoseAgentRunsItsProgramAndOtherwiseSaysHow() {
    state.apply(new io.streamfleet.model.command.PutProcessor(META, new io.streamfleet.model.ProcessorSpec("rec", 0,
        io.streamfleet.model.DriverKind.EXEC, null, java.util.List.of("/usr/bin/ffmpeg", "-i", "{stream.url}"), null, null, null,
        Resources.of(100, 64), null)), index++);
    state.apply(new RegisterNode(META, "no-exec", 1, null, null, "server", Resources.of(8000, 4096), null,
        io.streamfleet.model.ExecPolicy.DENIED), index++);
    state.apply(new RegisterNode(META, "other-program", 1, null, null, "server", Resources.of(8000, 4096), null,
        new io.streamfleet.model.ExecPolicy(true, java.util.List.of("/usr/bin/gst-launch-1.0"))), index++);
    state.apply(new CreateStream(META, new StreamSpec("cam-1", "rtsp://cam/1", "rec", null, Resources.of(100, 64), null, 50,
        HandoverPolicy.OVERLAP, null, null)), index++);
    state.apply(planner.placePending(state, id -> null, id -> false, META), index++);
    assertThat(state.assignment("cam-1").node()).isNull();
    assertThat(state.assignment("cam-1").reason()).contains("runs the program /usr/bin/ffmpeg (exec)")
        .contains("--allow-exec-program /usr/bin/ffmpeg");

    state.apply(new RegisterNode(META, "runner", 1, null, null, "server", Resources.of(1000, 4096), null,
        new io.streamfleet.model.ExecPolicy(true, java.util.List.of("/usr/bin/ffmpeg"))), index++);
    assertThat(planner.placePending(state, id -> null, id -> false, META).placements())
        .containsExactly(new PlaceStreams.Placement("cam-1", 0, "runner"));
  }

  private void node(String id, int cpu) {
    state.apply(new RegisterNode(META, id, 1, null, null, "server", Resources.of(cpu, 4096)), index++);
  }

  private void stream(String id, int cpu, HandoverPolicy handover, int priority) {
    state.apply(new CreateStream(META, new StreamSpec(id, "synthetic://" + id, "motion", null, Resources.of(cpu, 64), null, priority,
        handover, null, null)), index++);
  }
}
