package io.streamfleet.server.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.model.Resources;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CreateStream;
import io.streamfleet.model.command.DeleteStream;
import io.streamfleet.model.command.NodeDown;
import io.streamfleet.model.command.PlaceStreams;
import io.streamfleet.model.command.RegisterNode;
import io.streamfleet.model.command.ReportStatuses;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Every planned way an exclusive stream leaves a node fences it until the node confirms the old
 * instance dead; overlap streams are never fenced.
 */
class StopFenceTest {
  private static final CommandMeta META = new CommandMeta(1_000, "test", "test");
  private final ClusterState state = ClusterState.initial();
  private long index = 1;

  @Test
  void anEvictedExclusiveStreamIsFencedUntilItsNodeConfirmsTheOldEpochStopped() {
    running("rec", HandoverPolicy.EXCLUSIVE, "n1");

    apply(new PlaceStreams(META, List.of(), Map.of(), List.of(new PlaceStreams.Eviction("rec", 1, "preempted by cam (priority 90 > 10)")),
        List.of()));

    assertThat(state.fence("rec")).isEqualTo(new StopFence("rec", "n1", 1, index - 1));
    assertThat(state.assignment("rec").state()).isEqualTo(AssignmentState.PENDING);
    assertThat(state.assignment("rec").reason()).isEqualTo(
        "preempted by cam (priority 90 > 10); exclusive: waiting for node n1 to confirm that epoch 1 stopped");

    stopped("n2", "rec", 1); // another node's word proves nothing
    stopped("n1", "rec", 0); // nor another epoch
    assertThat(state.fence("rec")).isNotNull();

    stopped("n1", "rec", 1);
    assertThat(state.fence("rec")).isNull();
  }

  @Test
  void anOverlapStreamIsNeverFenced() {
    running("cam", HandoverPolicy.OVERLAP, "n1");
    apply(new PlaceStreams(META, List.of(), Map.of(), List.of(new PlaceStreams.Eviction("cam", 1, "preempted")), List.of()));
    assertThat(state.fences()).isEmpty();
  }

  @Test
  void aRebalanceMoveOfAnExclusiveStreamGoesThroughTheFenceNotStraightToTheTarget() {
    running("rec", HandoverPolicy.EXCLUSIVE, "n1");
    apply(new PlaceStreams(META, List.of(), Map.of(), List.of(), List.of(new PlaceStreams.Move("rec", 1, "n2"))));
    assertThat(state.assignment("rec").node()).isNull();
    assertThat(state.fence("rec").node()).isEqualTo("n1");
  }

  @Test
  void aDeletedExclusiveStreamStaysFencedAndARecreatedOneWaitsAndContinuesItsEpochs() {
    running("rec", HandoverPolicy.EXCLUSIVE, "n1");
    apply(new DeleteStream(META, "rec"));
    assertThat(state.fence("rec")).isNotNull();

    apply(new CreateStream(META, spec("rec", HandoverPolicy.EXCLUSIVE)));
    assertThat(state.assignment("rec").epoch()).isEqualTo(1);
    assertThat(state.assignment("rec").reason()).contains("waiting for node n1 to confirm that epoch 1 stopped");
  }

  @Test
  void aNodeDeclaredDownFencesItsExclusiveStreamsAndKeepsItsFences() {
    running("a", HandoverPolicy.EXCLUSIVE, "n1");
    running("b", HandoverPolicy.EXCLUSIVE, "n1");
    apply(new PlaceStreams(META, List.of(), Map.of(), List.of(new PlaceStreams.Eviction("a", 1, "x")), List.of()));

    apply(new NodeDown(META, "n1", 1, "reset", List.of()));

    assertThat(state.fence("a")).as("the node may be alive behind a partition").isEqualTo(new StopFence("a", "n1", 1, 7));
    assertThat(state.fence("b")).isEqualTo(new StopFence("b", "n1", 1, index - 1));
    assertThat(state.assignment("b").reason()).contains("exclusive: waiting for its lease to run out");
  }

  @Test
  void aNodeRegisteringAsANewProcessLiftsItsFences() {
    running("b", HandoverPolicy.EXCLUSIVE, "n2");
    apply(new PlaceStreams(META, List.of(), Map.of(), List.of(new PlaceStreams.Eviction("b", 1, "x")), List.of()));

    apply(new RegisterNode(META, "n2", 1, null, null, "server", Resources.of(4000, 4096)));
    assertThat(state.fence("b")).as("the same agent process reconnecting may still run it").isNotNull();
    apply(new RegisterNode(META, "n2", 2, null, null, "server", Resources.of(4000, 4096)));
    assertThat(state.fence("b")).as("a new agent process reaped the old one's processors").isNull();
  }

  @Test
  void aStreamCreatedAgainUnderTheSameIdContinuesAboveTheDeletedOnesEpoch() {
    running("cam", HandoverPolicy.OVERLAP, "n1");
    apply(new DeleteStream(META, "cam"));
    apply(new CreateStream(META, spec("cam", HandoverPolicy.OVERLAP)));
    apply(new PlaceStreams(META, List.of(new PlaceStreams.Placement("cam", 1, "n2")), Map.of()));
    assertThat(state.assignment("cam").epoch()).as("(cam, 1) still names the old instance until it stops").isEqualTo(2);
  }

  @Test
  void anInstanceItsNodeStoppedByItselfIsPlacedAnewAtTheNextEpoch() {
    running("rec", HandoverPolicy.EXCLUSIVE, "n1");
    stopped("n1", "rec", 1); // its lease ran out: the agent killed it and will never start epoch 1 again
    assertThat(state.assignment("rec").state()).isEqualTo(AssignmentState.PENDING);
    assertThat(state.assignment("rec").epoch()).isEqualTo(2);
    assertThat(state.assignment("rec").reason()).startsWith("stopped on n1 (stopped)");
    assertThat(state.fences()).as("the report itself proves it dead").isEmpty();
  }

  @Test
  void fencesAndTheAppliedIndexSurviveASnapshot() {
    running("rec", HandoverPolicy.EXCLUSIVE, "n1");
    apply(new DeleteStream(META, "rec"));
    ClusterState restored = ClusterState.restore(state.snapshot());
    assertThat(restored.fences()).containsExactlyElementsOf(state.fences());
    assertThat(restored.appliedIndex()).isEqualTo(state.appliedIndex()).isEqualTo(index - 1);
  }

  private void running(String id, HandoverPolicy handover, String node) {
    for (String n : List.of("n1", "n2")) {
      if (state.node(n) == null) {
        apply(new RegisterNode(META, n, 1, null, null, "server", Resources.of(4000, 4096)));
      }
    }
    apply(new CreateStream(META, spec(id, handover)));
    apply(new PlaceStreams(META, List.of(new PlaceStreams.Placement(id, 0, node)), Map.of()));
  }

  private void stopped(String node, String stream, long epoch) {
    apply(new ReportStatuses(META, node, List.of(new ReportStatuses.Item(stream, epoch, AssignmentState.STOPPING, "stopped", 0))));
  }

  private void apply(io.streamfleet.model.command.Command c) {
    state.apply(c, index++);
  }

  private static StreamSpec spec(String id, HandoverPolicy handover) {
    return new StreamSpec(id, "synthetic://" + id, "motion", null, Resources.of(100, 64), null, 50, handover, null, null);
  }
}
