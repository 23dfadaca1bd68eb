package io.streamfleet.scheduler;

import static io.streamfleet.scheduler.Clusters.snapshot;
import static io.streamfleet.scheduler.NodeBuilder.aNode;
import static io.streamfleet.scheduler.StreamBuilder.aStream;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Each reason names the first constraint that rules out every node: nodes → zone → labels → accelerator → gpu → cpu → memory. */
class UnplaceableReasonTest {
  private final Scheduler scheduler = new Scheduler();

  private String reasonFor(List<NodeBuilder> nodes, StreamBuilder stream) {
    Plan plan = scheduler.plan(snapshot(nodes, List.of(stream)), 0L);
    assertThat(plan.placements()).isEmpty();
    return plan.unplaceable().get(stream.build().id());
  }

  @Test
  void noNodesAtAllSaysHowToStartAnAgent() {
    assertThat(reasonFor(List.of(), aStream("cam")))
        .isEqualTo("no ready nodes; start an agent with: streamfleet agent --servers HOST:7070 --node-id NAME");
  }

  @Test
  void onlyUnschedulableNodesSaysSoAndHowToStartAnAgent() {
    assertThat(reasonFor(List.of(aNode("n-1").notSchedulable(), aNode("n-2").notSchedulable()), aStream("cam")))
        .isEqualTo("no ready nodes (2 live nodes take no new streams: cordoned, draining or suspect);"
            + " start an agent with: streamfleet agent --servers HOST:7070 --node-id NAME");
  }

  @Test
  void noReadyNodeInReachNamesTheZoneAndItsOverlapZones() {
    assertThat(reasonFor(List.of(aNode("s-1").inZone("south"), aNode("n-1").inZone("north").notSchedulable()),
        aStream("cam").inZone("north").overlapping("east")))
        .isEqualTo("no ready node in zone north or its overlap zones [east]");
  }

  @Test
  void noReadyNodeInTheZoneWithoutOverlapZones() {
    assertThat(reasonFor(List.of(aNode("s-1").inZone("south")), aStream("cam").inZone("north")))
        .isEqualTo("no ready node in zone north");
  }

  @Test
  void labelsComeAfterZone() {
    assertThat(reasonFor(List.of(aNode("n-1").withLabel("gpu", "amd")), aStream("cam").selecting("gpu", "nvidia")))
        .isEqualTo("needs labels {gpu=nvidia}; no ready node matches");
  }

  @Test
  void labelsReasonNamesTheZoneWhenTheStreamHasOne() {
    assertThat(reasonFor(List.of(aNode("n-1").inZone("north"), aNode("s-1").inZone("south").withLabel("gpu", "nvidia")),
        aStream("cam").inZone("north").selecting("gpu", "nvidia")))
        .isEqualTo("needs labels {gpu=nvidia}; no ready node in zone north matches");
  }

  @Test
  void acceleratorComesAfterLabels() {
    assertThat(reasonFor(List.of(aNode("n-1").withAccelerator("coral")), aStream("cam").withAccelerator("hailo")))
        .isEqualTo("needs accelerator hailo; no ready node has one");
  }

  @Test
  void gpuComesAfterAccelerator() {
    assertThat(reasonFor(List.of(aNode("n-1").withGpu(1), aNode("n-2")), aStream("cam").withGpu(2)))
        .isEqualTo("needs 2 gpu; largest free node n-1 has 1 gpu free");
  }

  @Test
  void cpuComesAfterGpuAndOnlyCountsNodesWithTheGpu() {
    assertThat(reasonFor(List.of(aNode("n-1").withGpu(2), aNode("n-2").withCpu(16_000)), aStream("cam").withGpu(1).withCpu(9000)))
        .isEqualTo("needs 9000 cpu_millis; largest free node n-1 has 4000 cpu_millis free");
  }

  @Test
  void cpuNamesTheZoneAndTheNodeWithMostFreeCpu() {
    assertThat(reasonFor(List.of(
            aNode("edge-north-1").inZone("north").withCpu(1000),
            aNode("edge-north-2").inZone("north").withCpu(1500),
            aNode("edge-south-1").inZone("south").withCpu(8000)),
        aStream("cam").inZone("north").withCpu(2000)))
        .isEqualTo("needs 2000 cpu_millis in zone north; largest free node edge-north-2 has 1500 cpu_millis free");
  }

  @Test
  void memoryComesLast() {
    assertThat(reasonFor(List.of(aNode("n-1").withMemory(1024), aNode("n-3").withMemory(2048), aNode("n-2").withMemory(1024)),
        aStream("cam").withMemory(4096)))
        .isEqualTo("needs 4096 MiB memory; largest free node n-3 has 2048 MiB free");
  }

  @Test
  void memoryReasonNamesTheNodeWithMostFreeMemoryAfterRunningStreams() {
    Plan plan = scheduler.plan(snapshot(List.of(aNode("n-1").withMemory(8192), aNode("n-3").withMemory(2048)), List.of(
        aStream("resident").withCpu(0).withMemory(7000).on("n-1"),
        aStream("cam").withMemory(4096))), 0L);

    assertThat(plan.unplaceable()).containsEntry("cam", "needs 4096 MiB memory; largest free node n-3 has 2048 MiB free");
  }

  @Test
  void theResourceReasonOnlyLooksAtNodesThatPassedTheEarlierFilters() {
    // The big node has no hailo, so it is not "the largest free node" for a hailo stream.
    assertThat(reasonFor(List.of(aNode("big").withCpu(64_000), aNode("hailo-1").withAccelerator("hailo").withCpu(1000)),
        aStream("cam").withAccelerator("hailo").withCpu(2000)))
        .isEqualTo("needs 2000 cpu_millis; largest free node hailo-1 has 1000 cpu_millis free");
  }

  @Test
  void overlapZonesAppearInResourceReasons() {
    assertThat(reasonFor(List.of(aNode("n-1").inZone("north").withCpu(100), aNode("e-1").inZone("east").withCpu(200)),
        aStream("cam").inZone("north").overlapping("east").withCpu(1000)))
        .isEqualTo("needs 1000 cpu_millis in zone north or its overlap zones [east]; largest free node e-1 has 200 cpu_millis free");
  }
}
