package io.streamfleet.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How even a placement comes out, on the 1:2:4 workload of issue 20 ({@link MixedSizeClusters}).
 * Placing greedily in id order left a CV of about 0.05 at 10 streams per node and 0.005 at 100;
 * largest first plus the refinement must reach 0.01 and 0.0006, and a node loss must still move
 * only the lost node's streams.
 */
class BalanceTest {
  private static final int NODES = 300;
  private final Scheduler scheduler = new Scheduler();

  @ParameterizedTest(name = "{0} streams per node: CV <= {1}")
  @CsvSource({"10, 0.01", "100, 0.0006"})
  void aFullPlacementKeepsTheCvWithinTheTarget(int streamsPerNode, double target) {
    ClusterSnapshot cluster = MixedSizeClusters.exactShares(NODES, streamsPerNode, 20);

    Plan plan = scheduler.plan(cluster, 0L);

    assertThat(plan.placements()).hasSize(cluster.streams().size());
    assertThat(Scheduler.imbalance(Clusters.applied(cluster, plan))).isLessThanOrEqualTo(target);
  }

  @Test
  void whenAnEvenPlacementExistsEveryNodeEndsAtTheSameLoad() {
    // Largest first alone leaves some nodes a small stream off here (CV about 0.003); the
    // refinement levels them.
    for (int streamsPerNode : new int[] {10, 100}) {
      ClusterSnapshot cluster = MixedSizeClusters.exactShares(NODES, streamsPerNode, 24);

      double cv = Scheduler.imbalance(Clusters.applied(cluster, scheduler.plan(cluster, 0L)));

      assertThat(cv).as("%d streams per node", streamsPerNode).isLessThan(1e-6); // 0 but for rounding
    }
  }

  @Test
  void withSizesDrawnAtRandomThePlacementComesWithinAHairOfTheLowestCvWholeStreamsAllow() {
    for (int streamsPerNode : new int[] {10, 100}) {
      ClusterSnapshot cluster = MixedSizeClusters.drawnSizes(NODES, streamsPerNode, 21);

      double cv = Scheduler.imbalance(Clusters.applied(cluster, scheduler.plan(cluster, 0L)));

      assertThat(cv).as("%d streams per node", streamsPerNode)
          .isLessThanOrEqualTo(MixedSizeClusters.lowestInZoneCv(cluster) * 1.05 + 1e-9);
    }
  }

  @Test
  void theSpreadGroupsOfAFullPlacementStayApart() {
    ClusterSnapshot cluster = MixedSizeClusters.exactShares(NODES, 100, 22);

    ClusterSnapshot placed = Clusters.applied(cluster, scheduler.plan(cluster, 0L));

    Map<String, Set<String>> nodesOfGroup = new HashMap<>();
    Map<String, Integer> membersOfGroup = new HashMap<>();
    for (StreamSlot s : placed.streams()) {
      nodesOfGroup.computeIfAbsent(s.spreadGroup(), g -> new HashSet<>()).add(s.node());
      membersOfGroup.merge(s.spreadGroup(), 1, Integer::sum);
    }
    nodesOfGroup.forEach((group, nodes) -> assertThat(nodes).as(group).hasSize(membersOfGroup.get(group)));
  }

  @Test
  void aNodeLossOfABalancedClusterMovesExactlyTheLostNodesStreams() {
    ClusterSnapshot cluster = MixedSizeClusters.exactShares(NODES, 100, 23);
    ClusterSnapshot placed = Clusters.applied(cluster, scheduler.plan(cluster, 0L));
    String lost = "node-0007";
    Set<String> lostStreams = new HashSet<>();
    placed.streams().stream().filter(s -> lost.equals(s.node())).forEach(s -> lostStreams.add(s.id()));
    List<NodeSlot> remaining = placed.nodes().stream().filter(n -> !n.id().equals(lost)).toList();

    Plan plan = scheduler.plan(new ClusterSnapshot(remaining, placed.streams()), 0L);

    assertThat(lostStreams).isNotEmpty();
    assertThat(plan.placementsByStream().keySet()).isEqualTo(lostStreams);
    assertThat(plan.evictions()).isEmpty();
    assertThat(plan.unplaceable()).isEmpty();
    assertThat(plan.placementsByStream().values()).doesNotContain(lost);
  }
}
