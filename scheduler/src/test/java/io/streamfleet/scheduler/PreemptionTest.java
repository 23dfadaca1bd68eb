package io.streamfleet.scheduler;

import static io.streamfleet.scheduler.Clusters.snapshot;
import static io.streamfleet.scheduler.NodeBuilder.aNode;
import static io.streamfleet.scheduler.StreamBuilder.aStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.List;
import org.junit.jupiter.api.Test;

class PreemptionTest {
  private final Scheduler scheduler = new Scheduler();

  private Plan plan(List<NodeBuilder> nodes, List<StreamBuilder> streams) {
    return scheduler.plan(snapshot(nodes, streams), 0L);
  }

  @Test
  void aStreamThatFitsNowhereEvictsALowerPriorityStreamAndTakesItsPlace() {
    Plan plan = plan(List.of(aNode("n-1")), List.of(
        aStream("cam-1").withCpu(3000).on("n-1"),
        aStream("cam-9").withCpu(2000).withPriority(10)));

    assertThat(plan.evictions()).containsExactly(
        new Plan.Eviction("cam-1", "n-1", "cam-9", "preempted by cam-9 (priority 10 > 0)"));
    assertThat(plan.placementsByStream()).containsExactly(entry("cam-9", "n-1"));
    assertThat(plan.unplaceable()).isEmpty();
  }

  @Test
  void evictedStreamsAreNotPlacedAgainInTheSameRound() {
    Plan plan = plan(List.of(aNode("n-1"), aNode("n-2").withCpu(1000)), List.of(
        aStream("low").withCpu(3000).on("n-1"),
        aStream("filler").withCpu(1000).withPriority(10).on("n-2"),
        aStream("high").withCpu(2000).withPriority(10)));

    assertThat(plan.evictions()).extracting(Plan.Eviction::streamId).containsExactly("low");
    assertThat(plan.placementsByStream()).containsOnlyKeys("high");
  }

  @Test
  void streamsOfEqualOrHigherPriorityAreNeverEvicted() {
    Plan plan = plan(List.of(aNode("n-1")), List.of(
        aStream("equal").withCpu(3000).withPriority(10).on("n-1"),
        aStream("cam").withCpu(2000).withPriority(10)));

    assertThat(plan.evictions()).isEmpty();
    assertThat(plan.unplaceable()).containsEntry("cam", "needs 2000 cpu_millis; largest free node n-1 has 1000 cpu_millis free");
  }

  @Test
  void evictsTheFewestAndLowestPriorityStreamsThatMakeRoom() {
    Plan plan = plan(List.of(aNode("n-1")), List.of(
        aStream("p1-small").withCpu(500).withPriority(1).on("n-1"),
        aStream("p0-small").withCpu(500).withPriority(0).on("n-1"),
        aStream("p0-big").withCpu(2000).withPriority(0).on("n-1"),
        aStream("p2").withCpu(1000).withPriority(2).on("n-1"),
        aStream("cam").withCpu(2000).withPriority(5)));

    assertThat(plan.evictions()).extracting(Plan.Eviction::streamId).containsExactly("p0-big");
  }

  @Test
  void victimsNotNeededAfterAllAreKept() {
    // Lowest priority first would take p0-small then p1-big; p1-big alone is enough.
    Plan plan = plan(List.of(aNode("n-1").withCpu(3000)), List.of(
        aStream("p0-small").withCpu(500).withPriority(0).on("n-1"),
        aStream("p1-big").withCpu(2500).withPriority(1).on("n-1"),
        aStream("cam").withCpu(2500).withPriority(5)));

    assertThat(plan.evictions()).extracting(Plan.Eviction::streamId).containsExactly("p1-big");
  }

  @Test
  void prefersTheNodeWhereTheHighestEvictedPriorityIsLowest() {
    Plan plan = plan(List.of(aNode("n-1"), aNode("n-2")), List.of(
        aStream("p3").withCpu(4000).withPriority(3).on("n-1"),
        aStream("p1").withCpu(4000).withPriority(1).on("n-2"),
        aStream("cam").withCpu(2000).withPriority(5)));

    assertThat(plan.evictions()).extracting(Plan.Eviction::streamId).containsExactly("p1");
    assertThat(plan.placementsByStream()).containsExactly(entry("cam", "n-2"));
  }

  @Test
  void roomIsMadeOnOneNodeOnlyNeverBySummingSeveral() {
    Plan plan = plan(List.of(aNode("n-1").withCpu(2000), aNode("n-2").withCpu(2000)), List.of(
        aStream("low-1").withCpu(1500).on("n-1"),
        aStream("low-2").withCpu(1500).on("n-2"),
        aStream("cam").withCpu(3000).withPriority(5)));

    assertThat(plan.evictions()).isEmpty();
    assertThat(plan.unplaceable()).containsOnlyKeys("cam");
  }

  @Test
  void evictionOnlyHappensOnNodesTheStreamMayUse() {
    Plan plan = plan(List.of(aNode("south-1").inZone("south"), aNode("north-1").inZone("north").notSchedulable()), List.of(
        aStream("low-south").withCpu(4000).on("south-1"),
        aStream("low-north").withCpu(4000).on("north-1"),
        aStream("cam").inZone("north").withCpu(1000).withPriority(5)));

    assertThat(plan.evictions()).isEmpty();
    assertThat(plan.unplaceable()).containsEntry("cam", "no ready node in zone north");
  }

  @Test
  void aStreamThatFitsWithoutEvictionEvictsNothing() {
    Plan plan = plan(List.of(aNode("n-1"), aNode("n-2")), List.of(
        aStream("low").withCpu(4000).on("n-1"),
        aStream("cam").withCpu(2000).withPriority(5)));

    assertThat(plan.evictions()).isEmpty();
    assertThat(plan.placementsByStream()).containsExactly(entry("cam", "n-2"));
  }
}
