package io.streamfleet.scheduler;

import static io.streamfleet.scheduler.Clusters.moved;
import static io.streamfleet.scheduler.Clusters.snapshot;
import static io.streamfleet.scheduler.NodeBuilder.aNode;
import static io.streamfleet.scheduler.StreamBuilder.aStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RebalanceTest {
  private final Scheduler scheduler = new Scheduler();

  @Test
  void imbalanceIsTheCoefficientOfVariationOfAllocatedCpuFractionOverReadyNodes() {
    ClusterSnapshot cluster = snapshot(List.of(aNode("n-1"), aNode("n-2"), aNode("cordoned").notSchedulable()), List.of(
        aStream("a").withCpu(1000).on("n-1"),
        aStream("b").withCpu(3000).on("n-2"),
        aStream("c").withCpu(4000).on("cordoned")));

    // fractions 0.25 and 0.75: mean 0.5, population standard deviation 0.25
    assertThat(Scheduler.imbalance(cluster)).isCloseTo(0.5, within(1e-12));
  }

  @Test
  void anIdleOrSingleNodeClusterHasNoImbalance() {
    assertThat(Scheduler.imbalance(snapshot(List.of(aNode("n-1"), aNode("n-2")), List.of()))).isZero();
    assertThat(Scheduler.imbalance(snapshot(List.of(aNode("n-1")), List.of(aStream("a").on("n-1"))))).isZero();
  }

  @Test
  void aBalancedClusterGetsNoMoves() {
    RebalancePlan plan = scheduler.rebalance(snapshot(List.of(aNode("n-1"), aNode("n-2")), List.of(
        aStream("a").withCpu(2000).on("n-1"),
        aStream("b").withCpu(2000).on("n-2"))), 10);

    assertThat(plan.moves()).isEmpty();
    assertThat(plan.imbalanceAfter()).isEqualTo(plan.imbalanceBefore()).isZero();
  }

  @Test
  void anImbalanceInsideTheHysteresisBandGetsNoMoves() {
    // fractions 0.5 and 0.51: CV = 0.0099, inside the default band of 0.02
    RebalancePlan plan = scheduler.rebalance(snapshot(List.of(aNode("n-1").withCpu(10_000), aNode("n-2").withCpu(10_000)), List.of(
        aStream("a").withCpu(5000).on("n-1"),
        aStream("b").withCpu(5000).on("n-2"),
        aStream("c").withCpu(100).on("n-2"),
        aStream("d").withCpu(0).on("n-2"))), 10);

    assertThat(plan.imbalanceBefore()).isLessThan(Weights.DEFAULT.rebalanceHysteresis());
    assertThat(plan.moves()).isEmpty();
  }

  @Test
  void movesGoFromTheMostLoadedNodeToTheLeastLoaded() {
    RebalancePlan plan = scheduler.rebalance(snapshot(List.of(aNode("n-1"), aNode("n-2"), aNode("n-3")), List.of(
        aStream("a").withCpu(800).on("n-1"), aStream("b").withCpu(800).on("n-1"),
        aStream("c").withCpu(800).on("n-1"), aStream("d").withCpu(800).on("n-1"),
        aStream("e").withCpu(800).on("n-2"), aStream("f").withCpu(800).on("n-2"))), 1);

    assertThat(plan.moves()).containsExactly(new Move("a", "n-1", "n-3"));
    assertThat(plan.imbalanceAfter()).isLessThan(plan.imbalanceBefore());
  }

  @Test
  void theBoundOnMovesIsKeptAndEveryMoveLowersTheImbalance() {
    List<NodeBuilder> nodes = new ArrayList<>();
    List<StreamBuilder> streams = new ArrayList<>();
    for (int n = 0; n < 10; n++) {
      nodes.add(aNode("node-" + n).withCpu(10_000));
      for (int s = 0; s < 8; s++) {
        streams.add(aStream("cam-" + n + "-" + s).withCpu(1000).on("node-" + n));
      }
    }
    nodes.add(aNode("new-1").withCpu(10_000));
    nodes.add(aNode("new-2").withCpu(10_000));
    ClusterSnapshot scaledOut = snapshot(nodes, streams);

    RebalancePlan plan = scheduler.rebalance(scaledOut, 3);

    assertThat(plan.moves()).hasSize(3);
    ClusterSnapshot current = scaledOut;
    for (Move move : plan.moves()) {
      ClusterSnapshot next = moved(current, List.of(move));
      assertThat(Scheduler.imbalance(next)).as("after %s", move).isLessThan(Scheduler.imbalance(current));
      current = next;
    }
    assertThat(plan.imbalanceAfter()).isEqualTo(Scheduler.imbalance(current));
    assertThat(plan.moves()).extracting(Move::to).allMatch(to -> to.startsWith("new-"));
  }

  @Test
  void aMoveThatOnlySwapsTheImbalanceIsNotMade() {
    RebalancePlan plan = scheduler.rebalance(snapshot(List.of(aNode("n-1"), aNode("n-2")),
        List.of(aStream("only").withCpu(2000).on("n-1"))), 10);

    assertThat(plan.imbalanceBefore()).isPositive();
    assertThat(plan.moves()).isEmpty();
  }

  @Test
  void streamsAreNotMovedOutOfTheirOwnZoneIntoAnOverlapZone() {
    RebalancePlan plan = scheduler.rebalance(snapshot(List.of(aNode("north-1").inZone("north"), aNode("east-1").inZone("east")), List.of(
        aStream("a").inZone("north").overlapping("east").withCpu(1500).on("north-1"),
        aStream("b").inZone("north").overlapping("east").withCpu(1500).on("north-1"))), 10);

    assertThat(plan.moves()).isEmpty();
  }

  @Test
  void aStreamRunningInAnOverlapZoneMayMoveBackToItsOwnZone() {
    RebalancePlan plan = scheduler.rebalance(snapshot(List.of(aNode("north-1").inZone("north"), aNode("east-1").inZone("east")), List.of(
        aStream("a").inZone("north").overlapping("east").withCpu(1500).on("east-1"),
        aStream("b").inZone("north").overlapping("east").withCpu(1500).on("east-1"))), 10);

    assertThat(plan.moves()).containsExactly(new Move("a", "east-1", "north-1"));
  }

  @Test
  void movesNeverPutTwoMembersOfASpreadGroupTogether() {
    RebalancePlan plan = scheduler.rebalance(snapshot(List.of(aNode("n-1"), aNode("n-2")), List.of(
        aStream("lobby-1").inSpreadGroup("lobby").withCpu(2000).on("n-1"),
        aStream("lobby-2").inSpreadGroup("lobby").withCpu(0).on("n-2"),
        aStream("plain").withCpu(1000).on("n-1"))), 10);

    assertThat(plan.moves()).containsExactly(new Move("plain", "n-1", "n-2"));
  }

  @Test
  void movesRespectLabelsAcceleratorsReadinessAndFreeCapacity() {
    RebalancePlan plan = scheduler.rebalance(snapshot(List.of(
            aNode("loaded").withLabel("site", "x").withAccelerator("hailo"),
            aNode("no-label").withAccelerator("hailo"),
            aNode("no-hailo").withLabel("site", "x"),
            aNode("cordoned").withLabel("site", "x").withAccelerator("hailo").notSchedulable(),
            aNode("too-small").withLabel("site", "x").withAccelerator("hailo").withCpu(1000)),
        List.of(aStream("cam").selecting("site", "x").withAccelerator("hailo").withCpu(3000).on("loaded"))), 10);

    assertThat(plan.moves()).isEmpty();
  }

  @Test
  void noMovesAreAllowedWithABoundOfZero() {
    RebalancePlan plan = scheduler.rebalance(snapshot(List.of(aNode("n-1"), aNode("n-2")), List.of(
        aStream("a").withCpu(2000).on("n-1"), aStream("b").withCpu(2000).on("n-1"))), 0);

    assertThat(plan.moves()).isEmpty();
    assertThat(plan.imbalanceAfter()).isEqualTo(plan.imbalanceBefore());
  }
}
