package io.streamfleet.server.leader;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.model.Resources;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.model.command.Command;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CreateStream;
import io.streamfleet.model.command.NodeDown;
import io.streamfleet.model.command.PlaceStreams;
import io.streamfleet.model.command.RegisterNode;
import io.streamfleet.model.command.ReportStatus;
import io.streamfleet.server.state.ClusterState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailoverTimesTest {
  private static final CommandMeta META = new CommandMeta(1_000, "leader", "leader");
  private final ClusterState state = ClusterState.initial();
  private final FailoverTimes times = new FailoverTimes();
  private final List<Double> measured = new ArrayList<>();
  private long index = 1;

  @Test
  void measuresFromTheLostNodesLastHeartbeatToEachStreamRunningElsewhere() {
    times.onMeasured(measured::add);
    apply(new RegisterNode(META, "n1", 1, null, null, "desktop", Resources.of(4_000, 4_096)));
    apply(new RegisterNode(META, "n2", 1, null, null, "desktop", Resources.of(4_000, 4_096)));
    for (String id : List.of("cam-1", "cam-2")) {
      apply(new CreateStream(META, new StreamSpec(id, "synthetic://" + id, "motion", null, Resources.of(500, 128), null, 50,
          HandoverPolicy.OVERLAP, null, null)));
      place(id, "n1");
    }

    times.nodeDown("n1", 10_000, List.of("cam-1", "cam-2"));
    apply(new NodeDown(META, "n1", 1, "missed heartbeats", List.of(new NodeDown.Placement("cam-1", "n2"))));
    times.stateChanged(state, 10_400);
    assertThat(measured).as("placed elsewhere, not running yet").isEmpty();

    apply(new ReportStatus(META, "cam-1", "n2", state.assignment("cam-1").epoch(), AssignmentState.RUNNING, null, 0));
    times.stateChanged(state, 10_450);
    assertThat(measured).containsExactly(0.45);
    times.stateChanged(state, 10_500);
    assertThat(measured).as("each stream once").hasSize(1);
    assertThat(times.waiting()).as("cam-2 still waits").isTrue();

    times.stateChanged(state, 10_000 + FailoverTimes.GIVE_UP_MS + 1);
    assertThat(times.waiting()).as("a stream that never ran elsewhere is given up").isFalse();
    assertThat(measured).hasSize(1);
  }

  private void place(String id, String node) {
    apply(new PlaceStreams(META, List.of(new PlaceStreams.Placement(id, 0, node)), Map.of()));
    apply(new ReportStatus(META, id, node, state.assignment(id).epoch(), AssignmentState.RUNNING, null, 0));
  }

  private void apply(Command c) {
    assertThat(state.apply(c, index++).isOk()).as(c.toString()).isTrue();
  }
}
