package io.streamfleet.scheduler;

import static io.streamfleet.scheduler.Clusters.snapshot;
import static io.streamfleet.scheduler.NodeBuilder.aNode;
import static io.streamfleet.scheduler.StreamBuilder.aStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import org.junit.jupiter.api.Test;

class WeightsTest {
  @Test
  void aNegativeOrNonFiniteWeightIsRefusedWithItsNameAndValue() {
    assertThatThrownBy(() -> new Weights(1.0, -0.5, 0.5, 0.02))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("weight allocatedMemory is -0.5; it must be a finite number >= 0");
    assertThatThrownBy(() -> new Weights(Double.NaN, 0.5, 0.5, 0.02)).hasMessageContaining("allocatedCpu is NaN");
  }

  @Test
  void withoutTheMeasuredWeightAMeasuredBusyNodeLooksAsFreeAsItsReservations() {
    List<NodeBuilder> nodes = List.of(aNode("n-1").measuring(3600, 0), aNode("n-2"));
    List<StreamBuilder> streams = List.of(aStream("on-2").withCpu(1000).withMemory(0).on("n-2"), aStream("cam"));

    assertThat(new Scheduler(new Weights(1.0, 0.5, 0.0, 0.02)).plan(snapshot(nodes, streams), 0L).placementsByStream())
        .containsExactly(entry("cam", "n-1"));
    assertThat(new Scheduler().plan(snapshot(nodes, streams), 0L).placementsByStream())
        .containsExactly(entry("cam", "n-2"));
  }

  @Test
  void aWiderHysteresisBandLeavesAMildImbalanceAlone() {
    ClusterSnapshot cluster = snapshot(List.of(aNode("n-1"), aNode("n-2")), List.of(
        aStream("a").withCpu(2000).on("n-1"), aStream("b").withCpu(1000).on("n-1"), aStream("c").withCpu(1000).on("n-2")));
    // fractions 0.75 and 0.25: CV 0.5; moving b makes it 0

    assertThat(new Scheduler().rebalance(cluster, 5).moves()).containsExactly(new Move("b", "n-1", "n-2"));
    assertThat(new Scheduler(new Weights(1.0, 0.5, 0.5, 0.6)).rebalance(cluster, 5).moves()).isEmpty();
  }
}
