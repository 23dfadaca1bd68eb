package io.streamfleet.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.Resources;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

class PlacementProperties {
  private final Scheduler scheduler = new Scheduler();

  @Provide
  Arbitrary<ClusterSnapshot> clusters() {
    return RandomClusters.clusters();
  }

  @Provide
  Arbitrary<ClusterSnapshot> spreadable() {
    return RandomClusters.spreadableClusters();
  }

  /** Over-commit, hard constraints, eviction rules and spread, checked step by step by {@link PlanReplay}. */
  @Property(tries = 500)
  void everyPlacementIsLegalAndNothingIsOverCommitted(@ForAll("clusters") ClusterSnapshot cluster) {
    Plan plan = scheduler.plan(cluster, 0L);

    new PlanReplay(cluster).checkPlan(plan);
    Statistics.label("placements").collect(!plan.placements().isEmpty());
    Statistics.label("evictions").collect(!plan.evictions().isEmpty());
    Statistics.label("unplaceable").collect(!plan.unplaceable().isEmpty());
    Statistics.label("placements").coverage(c -> c.check(true).percentage(p -> p >= 50));
    Statistics.label("evictions").coverage(c -> c.check(true).percentage(p -> p >= 3));
    Statistics.label("unplaceable").coverage(c -> c.check(true).percentage(p -> p >= 20));
  }

  @Property(tries = 300)
  void everyPendingStreamIsPlacedOrExplainedAndNoRunningOneIsTouchedButByEviction(@ForAll("clusters") ClusterSnapshot cluster) {
    Plan plan = scheduler.plan(cluster, 0L);

    Set<String> live = new HashSet<>();
    cluster.nodes().forEach(n -> live.add(n.id()));
    Set<String> pending = new HashSet<>();
    cluster.streams().stream().filter(s -> s.node() == null || !live.contains(s.node())).forEach(s -> pending.add(s.id()));
    Set<String> decided = new HashSet<>(plan.placementsByStream().keySet());
    decided.addAll(plan.unplaceable().keySet());
    assertThat(decided).isEqualTo(pending);
    assertThat(plan.placements().size() + plan.unplaceable().size()).isEqualTo(pending.size());
    assertThat(plan.evictions()).extracting(Plan.Eviction::streamId).noneMatch(pending::contains);
    assertThat(plan.unplaceable().values()).allMatch(reason -> !reason.isBlank());
  }

  @Property(tries = 200)
  void spreadGroupsNeverShareANodeWhenTheyCanBeSpread(@ForAll("spreadable") ClusterSnapshot cluster) {
    Plan plan = scheduler.plan(cluster, 0L);

    assertThat(plan.unplaceable()).isEmpty();
    Map<String, Set<String>> nodesOfGroup = new HashMap<>();
    Map<String, Integer> membersOfGroup = new HashMap<>();
    for (StreamSlot s : cluster.streams()) {
      nodesOfGroup.computeIfAbsent(s.spreadGroup(), g -> new HashSet<>()).add(plan.placementsByStream().get(s.id()));
      membersOfGroup.merge(s.spreadGroup(), 1, Integer::sum);
    }
    nodesOfGroup.forEach((group, nodes) -> assertThat(nodes).as(group).hasSize(membersOfGroup.get(group)));
  }

  @Property(tries = 300)
  void thePlanIsAFunctionOfTheSnapshotNotOfTheOrderOfItsLists(@ForAll("clusters") ClusterSnapshot cluster, @ForAll long seed) {
    List<NodeSlot> nodes = new ArrayList<>(cluster.nodes());
    List<StreamSlot> streams = new ArrayList<>(cluster.streams());
    Random random = new Random(seed);
    Collections.shuffle(nodes, random);
    Collections.shuffle(streams, random);

    Plan plan = scheduler.plan(cluster, 0L);

    assertThat(scheduler.plan(cluster, 0L)).isEqualTo(plan);
    assertThat(scheduler.plan(new ClusterSnapshot(nodes, streams), 0L)).isEqualTo(plan);
  }

  @Property(tries = 300)
  void losingANodePlacesExactlyItsStreamsAndMovesNothingElse(@ForAll("clusters") ClusterSnapshot generated, @ForAll int pick) {
    ClusterSnapshot cluster = Clusters.settledWithoutUnplaceable(scheduler, generated);
    if (cluster.nodes().isEmpty()) {
      return;
    }
    // a node that runs streams, when there is one: losing an empty node proves little
    List<NodeSlot> busy = cluster.nodes().stream()
        .filter(n -> cluster.streams().stream().anyMatch(s -> n.id().equals(s.node()))).toList();
    List<NodeSlot> candidates = busy.isEmpty() ? cluster.nodes() : busy;
    NodeSlot lost = candidates.get(Math.floorMod(pick, candidates.size()));
    Map<String, StreamSlot> lostStreams = new HashMap<>();
    cluster.streams().stream().filter(s -> lost.id().equals(s.node())).forEach(s -> lostStreams.put(s.id(), s));
    List<NodeSlot> remaining = cluster.nodes().stream().filter(n -> n != lost).toList();

    Plan plan = scheduler.plan(new ClusterSnapshot(remaining, cluster.streams()), 0L);

    Set<String> decided = new HashSet<>(plan.placementsByStream().keySet());
    decided.addAll(plan.unplaceable().keySet());
    assertThat(decided).isEqualTo(lostStreams.keySet());
    // Others move only when a lost stream of higher priority evicts them.
    for (Plan.Eviction e : plan.evictions()) {
      assertThat(lostStreams).containsKey(e.forStream());
    }
    Statistics.label("lost streams").collect(Math.min(lostStreams.size(), 3));
    Statistics.label("lost streams").coverage(c -> c.check(0).percentage(p -> p <= 40));
  }

  @Property(tries = 200)
  void aSettledClusterGetsAnEmptyPlan(@ForAll("clusters") ClusterSnapshot generated) {
    ClusterSnapshot settled = Clusters.settledWithoutUnplaceable(scheduler, generated);

    assertThat(scheduler.plan(settled, 0L).isEmpty()).isTrue();
  }

  @Property(tries = 100)
  void aBalancedClusterNeedsNeitherPlacementNorRebalancing(@ForAll("clusters") ClusterSnapshot generated) {
    // The same streams on every one of identical nodes: nothing to place, nothing to even out.
    int copies = Math.max(2, generated.nodes().size());
    List<NodeSlot> nodes = new ArrayList<>();
    List<StreamSlot> streams = new ArrayList<>();
    for (int n = 0; n < copies; n++) {
      nodes.add(NodeSlot.of("n-" + n, "a", Resources.of(64_000, 64_000)));
      for (StreamSlot s : generated.streams()) {
        streams.add(new StreamSlot(s.id() + "@" + n, Resources.of(s.request().cpuMillis(), s.request().memoryMb()), "a",
            null, null, s.priority(), null, "n-" + n));
      }
    }
    ClusterSnapshot balanced = new ClusterSnapshot(nodes, streams);

    assertThat(scheduler.plan(balanced, 0L).isEmpty()).isTrue();
    assertThat(scheduler.rebalance(balanced, 10).moves()).isEmpty();
  }
}
