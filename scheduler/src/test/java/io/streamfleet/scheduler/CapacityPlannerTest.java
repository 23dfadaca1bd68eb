package io.streamfleet.scheduler;

import static io.streamfleet.scheduler.Clusters.snapshot;
import static io.streamfleet.scheduler.NodeBuilder.aNode;
import static io.streamfleet.scheduler.StreamBuilder.aStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.streamfleet.model.Resources;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CapacityPlannerTest {
  private final CapacityPlanner planner = new CapacityPlanner(new Scheduler());

  @Test
  void totalsAddUpNodesPerClusterAndPerZone() {
    CapacityReport report = planner.report(snapshot(List.of(
            aNode("n-1").inZone("north").withCpu(4000).withMemory(4096).withGpu(1).measuring(1500, 1000),
            aNode("n-2").inZone("north").withCpu(2000).withMemory(2048),
            aNode("s-1").inZone("south").withCpu(8000).withMemory(8192).notSchedulable().measuring(100, 200),
            aNode("loose").withCpu(1000).withMemory(1024)),
        List.of(
            aStream("a").withCpu(1000).withMemory(512).withGpu(1).on("n-1"),
            aStream("b").withCpu(500).withMemory(256).on("n-2"),
            aStream("c").withCpu(2000).withMemory(1024).on("s-1"),
            aStream("pending").withCpu(100).withMemory(100))));

    assertThat(report.cluster()).isEqualTo(new CapacityReport.Totals(4,
        new Resources(15_000, 15_360, 1, null),
        new Resources(3500, 1792, 1, null),
        new Resources(1600, 1200, 0, null),
        new Resources(11_500, 13_568, 0, null)));
    assertThat(report.zones()).containsOnlyKeys(CapacityReport.NO_ZONE, "north", "south");
    assertThat(report.zones().get("north")).isEqualTo(new CapacityReport.Totals(2,
        new Resources(6000, 6144, 1, null),
        new Resources(1500, 768, 1, null),
        new Resources(1500, 1000, 0, null),
        new Resources(4500, 5376, 0, null)));
  }

  @Test
  void headroomIsNeverNegativeAndAnOverCommittedNodeDoesNotEatAnotherNodesRoom() {
    CapacityReport report = planner.report(snapshot(List.of(aNode("over").withCpu(1000), aNode("free").withCpu(1000)),
        List.of(aStream("big").withCpu(3000).withMemory(0).on("over"))));

    assertThat(report.cluster().headroom().cpuMillis()).isEqualTo(1000);
    assertThat(report.cluster().allocated().cpuMillis()).isEqualTo(3000);
  }

  @Test
  void survivesNodeLossIsTheMostOfTheLargestNodesThatCanGoWithEveryStreamStillPlaced() {
    // 5 x 1000 on 3 x 4000: losing one leaves 8000 (fits), losing two leaves 4000 (does not)
    CapacityReport report = planner.report(snapshot(List.of(aNode("n-1"), aNode("n-2"), aNode("n-3")), List.of(
        aStream("a").withCpu(1000).on("n-1"), aStream("b").withCpu(1000).on("n-1"),
        aStream("c").withCpu(1000).on("n-2"), aStream("d").withCpu(1000).on("n-2"),
        aStream("e").withCpu(1000).on("n-3"))));

    assertThat(report.survivesNodeLoss()).isEqualTo(1);
    assertThat(report.unplaceable()).isEmpty();
  }

  @Test
  void theLargestNodesAreLostFirstAndBinPackingCounts() {
    // Losing "big" leaves 2 x 2000 for two 1500 streams: one each, fine. Losing a small one too: not.
    CapacityReport report = planner.report(snapshot(
        List.of(aNode("small-a").withCpu(2000), aNode("big").withCpu(8000), aNode("small-b").withCpu(2000)),
        List.of(aStream("a").withCpu(1500).on("big"), aStream("b").withCpu(1500).on("big"))));

    assertThat(report.survivesNodeLoss()).isEqualTo(1);
  }

  @Test
  void aClusterThatCannotLoseOneNodeSurvivesZero() {
    CapacityReport report = planner.report(snapshot(List.of(aNode("n-1"), aNode("n-2")), List.of(
        aStream("a").withCpu(3000).on("n-1"), aStream("b").withCpu(3000).on("n-2"))));

    assertThat(report.survivesNodeLoss()).isZero();
  }

  @Test
  void streamsThatFitNowhereAreListedAndDoNotMakeEveryLossFatal() {
    CapacityReport report = planner.report(snapshot(List.of(aNode("n-1"), aNode("n-2")), List.of(
        aStream("small").withCpu(1000).on("n-1"),
        aStream("huge").withCpu(9000),
        aStream("needs-hailo").withAccelerator("hailo"))));

    assertThat(report.unplaceable()).containsExactly("huge", "needs-hailo");
    assertThat(report.survivesNodeLoss()).isEqualTo(1);
  }

  @Test
  void pendingStreamsThatFitAreCountedAsIfPlaced() {
    CapacityReport report = planner.report(snapshot(List.of(aNode("n-1"), aNode("n-2")), List.of(
        aStream("a").withCpu(3000).on("n-1"),
        aStream("pending").withCpu(3000))));

    assertThat(report.unplaceable()).isEmpty();
    assertThat(report.survivesNodeLoss()).isZero();
  }

  @Test
  void zoneLossIsSurvivedOnlyWhenEveryStreamOfTheZoneMayAndCanRunElsewhere() {
    CapacityReport report = planner.report(snapshot(List.of(
            aNode("north-1").inZone("north"), aNode("south-1").inZone("south"), aNode("east-1").inZone("east")),
        List.of(
            aStream("pinned-north").inZone("north").on("north-1"),
            aStream("roaming-south").inZone("south").overlapping("*").on("south-1"),
            aStream("east-big").inZone("east").overlapping("south").withCpu(3000).on("east-1"),
            aStream("south-big").inZone("south").withCpu(3000).on("south-1"))));

    assertThat(report.survivesZoneLoss()).containsExactly(
        entry("east", false), entry("north", false), entry("south", false));

    CapacityReport roomy = planner.report(snapshot(List.of(
            aNode("north-1").inZone("north"), aNode("south-1").inZone("south")),
        List.of(aStream("roaming").inZone("south").overlapping("*").on("south-1"))));
    assertThat(roomy.survivesZoneLoss()).containsExactly(entry("north", true), entry("south", true));
  }

  @Test
  void addStreamsSaysHowManyMoreFitAndWhyTheRestDoNot() {
    ClusterSnapshot cluster = snapshot(List.of(aNode("n-1").inZone("north"), aNode("n-2").inZone("north")),
        List.of(aStream("cam-1").inZone("north").withCpu(1000).on("n-1")));
    StreamSlot like = aStream("cam-1").inZone("north").withCpu(1000).on("n-1").build();

    CapacityPlanner.WhatIf whatIf = planner.addStreams(cluster, like, 10);

    assertThat(whatIf.requested()).isEqualTo(10);
    assertThat(whatIf.placeable()).isEqualTo(7);
    assertThat(whatIf.reasonFirstUnplaced())
        .isEqualTo("needs 1000 cpu_millis in zone north; largest free node n-1 has 0 cpu_millis free");
    assertThat(whatIf.after().cluster().allocated().cpuMillis()).isEqualTo(8000);
    assertThat(whatIf.after().unplaceable()).hasSize(3).allMatch(id -> id.startsWith("cam-1-whatif-"));
  }

  @Test
  void aThousandNodeClusterWithTenThousandStreamsReportsQuickly() {
    List<NodeBuilder> nodes = new ArrayList<>();
    List<StreamBuilder> streams = new ArrayList<>();
    for (int n = 0; n < 1000; n++) {
      nodes.add(aNode(String.format("node-%04d", n)).inZone("zone-" + n % 3).withCpu(16_000).withMemory(16_384));
      for (int s = 0; s < 10; s++) {
        streams.add(aStream(String.format("cam-%04d-%d", n, s)).inZone("zone-" + n % 3).overlapping("*")
            .withCpu(250 << (s % 4)).withMemory(128 << (s % 4)).inSpreadGroup("g-" + n + "-" + s / 4)
            .on(String.format("node-%04d", n)));
      }
    }
    ClusterSnapshot cluster = snapshot(nodes, streams);
    planner.report(cluster); // warm-up

    long start = System.nanoTime();
    CapacityReport report = planner.report(cluster);
    long millis = (System.nanoTime() - start) / 1_000_000;

    assertThat(report.survivesNodeLoss()).isBetween(300, 999);
    // generous: the machine is shared; the benchmark records the real figure
    assertThat(millis).as("report took %d ms", millis).isLessThan(3000);
  }
}
