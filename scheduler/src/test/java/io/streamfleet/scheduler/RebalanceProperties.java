package io.streamfleet.scheduler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;

class RebalanceProperties {
  private final Scheduler scheduler = new Scheduler();

  @Provide
  Arbitrary<ClusterSnapshot> clusters() {
    return RandomClusters.clusters();
  }

  @Provide
  Arbitrary<ClusterSnapshot> uneven() {
    return RandomClusters.unevenlyLoadedClusters();
  }

  /** On generated assignments as they come: often over-committed or breaking a constraint. */
  @Property(tries = 200)
  void anyClusterRebalancesWithinTheRules(@ForAll("clusters") ClusterSnapshot cluster,
      @ForAll @IntRange(min = 0, max = 6) int maxMoves) {
    checkRebalance(cluster, maxMoves);
  }

  /** On skewed clusters with few constraints, where moves are usually possible. */
  @Property(tries = 200)
  void unevenClustersRebalanceWithinTheRules(@ForAll("uneven") ClusterSnapshot cluster,
      @ForAll @IntRange(min = 1, max = 6) int maxMoves) {
    RebalancePlan plan = checkRebalance(cluster, maxMoves);

    Statistics.label("moves").collect(Math.min(plan.moves().size(), 3));
    Statistics.label("moves").coverage(c -> c.check(0).percentage(p -> p <= 50));
  }

  /**
   * The bound, the band, no rise in imbalance, each move lowering it, and each move legal at the
   * moment it is made (checked by {@link PlanReplay}).
   */
  private RebalancePlan checkRebalance(ClusterSnapshot cluster, int maxMoves) {
    RebalancePlan plan = scheduler.rebalance(cluster, maxMoves);

    assertThat(plan.moves()).hasSizeLessThanOrEqualTo(maxMoves);
    assertThat(plan.imbalanceBefore()).isEqualTo(Scheduler.imbalance(cluster));
    assertThat(plan.imbalanceAfter()).isLessThanOrEqualTo(plan.imbalanceBefore());
    if (plan.imbalanceBefore() <= scheduler.weights().rebalanceHysteresis()) {
      assertThat(plan.moves()).isEmpty();
    }
    ClusterSnapshot current = cluster;
    PlanReplay replay = new PlanReplay(cluster);
    for (Move move : plan.moves()) {
      replay.checkMove(move);
      ClusterSnapshot next = Clusters.moved(current, List.of(move));
      assertThat(Scheduler.imbalance(next)).as("after %s", move).isLessThan(Scheduler.imbalance(current));
      current = next;
    }
    assertThat(Scheduler.imbalance(current)).isCloseTo(plan.imbalanceAfter(), within(1e-9));
    return plan;
  }
}
