package io.streamfleet.server.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.model.Resources;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CreateStream;
import io.streamfleet.model.command.RegisterNode;
import io.streamfleet.server.state.ClusterState;
import org.junit.jupiter.api.Test;

class LeastLoadedPlacementTest {
  private static final CommandMeta META = new CommandMeta(1, "t", "t");
  private final ClusterState state = ClusterState.initial();
  private long index = 1;

  @Test
  void withNoNodesEveryStreamStaysPendingWithAReasonToStartAnAgent() {
    stream("cam-1", null, 500, 50);
    LeastLoadedPlacement.Plan plan = LeastLoadedPlacement.plan(state);
    assertThat(plan.placements()).isEmpty();
    assertThat(plan.reasons().get("cam-1")).startsWith("no ready nodes");
  }

  @Test
  void prefersTheStreamsZoneThenTheNodeWithMostFreeCpu() {
    node("a", "north", 1000);
    node("b", "south", 8000);
    stream("cam-n", "north", 500, 50);
    stream("cam-x", null, 500, 50);
    LeastLoadedPlacement.Plan plan = LeastLoadedPlacement.plan(state);
    assertThat(plan.placements()).extracting(p -> p.streamId() + "->" + p.node()).containsExactlyInAnyOrder("cam-n->a", "cam-x->b");
  }

  @Test
  void spreadsByFreeCpuAcrossEqualNodes() {
    node("a", null, 2000);
    node("b", null, 2000);
    for (int i = 0; i < 4; i++) {
      stream("cam-" + i, null, 500, 50);
    }
    assertThat(LeastLoadedPlacement.plan(state).placements()).extracting(p -> p.node()).containsExactlyInAnyOrder("a", "a", "b", "b");
  }

  @Test
  void aStreamTooBigForAnyNodeGetsAReasonNamingCpuAndTheLargestNode() {
    node("edge-1", null, 1500);
    stream("big", null, 2000, 50);
    assertThat(LeastLoadedPlacement.plan(state).reasons().get("big"))
        .isEqualTo("needs 2000 cpu_millis and 128 MiB; the node with the most free CPU, edge-1, has 1500 cpu_millis and 4096 MiB free");
  }

  @Test
  void higherPriorityStreamsArePlacedFirst() {
    node("a", null, 500);
    stream("low", null, 500, 10);
    stream("high", null, 500, 90);
    LeastLoadedPlacement.Plan plan = LeastLoadedPlacement.plan(state);
    assertThat(plan.placements()).extracting(p -> p.streamId()).containsExactly("high");
    assertThat(plan.reasons()).containsKey("low");
  }

  private void node(String id, String zone, int cpu) {
    state.apply(new RegisterNode(META, id, 1, zone, null, "desktop", Resources.of(cpu, 4096)), index++);
  }

  private void stream(String id, String zone, int cpu, int priority) {
    state.apply(new CreateStream(META, new StreamSpec(id, "synthetic://" + id, "motion", zone, Resources.of(cpu, 128), null,
        priority, HandoverPolicy.OVERLAP, null, null)), index++);
  }
}
