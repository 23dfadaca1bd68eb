package io.streamfleet.scheduler;

import static io.streamfleet.scheduler.Clusters.snapshot;
import static io.streamfleet.scheduler.NodeBuilder.aNode;
import static io.streamfleet.scheduler.StreamBuilder.aStream;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

class PlacementTest {
  private final Scheduler scheduler = new Scheduler();

  private Plan plan(List<NodeBuilder> nodes, List<StreamBuilder> streams) {
    return scheduler.plan(snapshot(nodes, streams), 0L);
  }

  @Nested
  class Incremental {
    @Test
    void placesOnlyStreamsWithoutNodeOrOnANodeThatIsGone() {
      Plan plan = plan(List.of(aNode("n-1"), aNode("n-2")), List.of(
          aStream("running").on("n-1"),
          aStream("new"),
          aStream("orphaned").on("n-9")));

      assertThat(plan.placementsByStream()).containsOnlyKeys("new", "orphaned");
      assertThat(plan.evictions()).isEmpty();
      assertThat(plan.unplaceable()).isEmpty();
    }

    @Test
    void aClusterWithEverythingPlacedGetsAnEmptyPlan() {
      Plan plan = plan(List.of(aNode("n-1"), aNode("n-2")),
          List.of(aStream("a").on("n-1"), aStream("b").on("n-2")));

      assertThat(plan.isEmpty()).isTrue();
    }

    @Test
    void streamsOnANodeThatTakesNoNewStreamsStayAndKeepTheirReservation() {
      Plan plan = plan(List.of(aNode("n-1").notSchedulable(), aNode("n-2")), List.of(
          aStream("stays").withCpu(3000).on("n-1"),
          aStream("new").withCpu(500)));

      assertThat(plan.placementsByStream()).containsExactly(entry("new", "n-2"));
    }

    @Test
    void runningStreamsCountAgainstTheirNodesCapacity() {
      Plan plan = plan(List.of(aNode("n-1").withCpu(4000), aNode("n-2").withCpu(4000)), List.of(
          aStream("big").withCpu(3800).on("n-1"),
          aStream("other").withCpu(3000).on("n-2"),
          aStream("new").withCpu(500)));

      assertThat(plan.placementsByStream()).containsExactly(entry("new", "n-2"));
    }
  }

  @Nested
  class HardConstraints {
    @Test
    void neverPlacesOnANodeThatTakesNoNewStreams() {
      Plan plan = plan(List.of(aNode("cordoned").notSchedulable(), aNode("ready").withCpu(1000)),
          List.of(aStream("cam").withCpu(500)));

      assertThat(plan.placementsByStream()).containsExactly(entry("cam", "ready"));
    }

    @Test
    void cpuMemoryAndGpuMustAllFitInWhatIsFree() {
      Plan plan = plan(List.of(
              aNode("short-of-cpu").withCpu(400),
              aNode("short-of-memory").withMemory(100),
              aNode("short-of-gpu").withGpu(0),
              aNode("fits").withCpu(500).withMemory(256).withGpu(1)),
          List.of(aStream("cam").withCpu(500).withMemory(256).withGpu(1)));

      assertThat(plan.placementsByStream()).containsExactly(entry("cam", "fits"));
    }

    @Test
    void anAcceleratorRequestNeedsANodeWithThatAccelerator() {
      Plan plan = plan(List.of(aNode("a-coral").withAccelerator("coral"), aNode("b-plain"), aNode("c-hailo").withAccelerator("hailo")),
          List.of(aStream("cam").withAccelerator("hailo")));

      assertThat(plan.placementsByStream()).containsExactly(entry("cam", "c-hailo"));
    }

    @Test
    void everySelectorLabelMustBeOnTheNodeWithTheSameValue() {
      Plan plan = plan(List.of(
              aNode("a-wrong-value").withLabel("gpu", "amd").withLabel("site", "x"),
              aNode("b-missing-one").withLabel("gpu", "nvidia"),
              aNode("c-match").withLabel("gpu", "nvidia").withLabel("site", "x").withLabel("extra", "fine")),
          List.of(aStream("cam").selecting("gpu", "nvidia").selecting("site", "x")));

      assertThat(plan.placementsByStream()).containsExactly(entry("cam", "c-match"));
    }

    @Test
    void aStreamWithAZoneRunsOnlyInItsZoneOrItsOverlapZones() {
      Plan plan = plan(List.of(aNode("a-south").inZone("south"), aNode("b-no-zone"), aNode("c-east").inZone("east").withCpu(500)),
          List.of(aStream("first").inZone("north").overlapping("east"), aStream("second").inZone("north").overlapping("east")));

      assertThat(plan.placementsByStream()).containsExactly(entry("first", "c-east"));
      assertThat(plan.unplaceable()).containsOnlyKeys("second");
    }

    @Test
    void anyZoneInTheOverlapZonesReachesEveryNodeIncludingThoseWithoutAZone() {
      Plan plan = plan(List.of(aNode("no-zone")), List.of(aStream("cam").inZone("north").overlapping(StreamSlot.ANY_ZONE)));

      assertThat(plan.placementsByStream()).containsExactly(entry("cam", "no-zone"));
    }

    @Test
    void aStreamWithoutAZoneRunsAnywhere() {
      Plan plan = plan(List.of(aNode("south").inZone("south")), List.of(aStream("cam")));

      assertThat(plan.placementsByStream()).containsExactly(entry("cam", "south"));
    }
  }

  @Nested
  class Scoring {
    @Test
    void aFeasibleOwnZoneNodeWinsOverALessLoadedOverlapZoneNode() {
      Plan plan = plan(List.of(aNode("north-1").inZone("north"), aNode("east-1").inZone("east")), List.of(
          aStream("running").withCpu(3000).on("north-1"),
          aStream("cam").inZone("north").overlapping("east").withCpu(500)));

      assertThat(plan.placementsByStream()).containsExactly(entry("cam", "north-1"));
    }

    @Test
    void overlapZonesAreUsedWhenTheOwnZoneHasNoRoom() {
      Plan plan = plan(List.of(aNode("north-1").inZone("north"), aNode("east-1").inZone("east")), List.of(
          aStream("running").withCpu(3000).on("north-1"),
          aStream("cam").inZone("north").overlapping("east").withCpu(1500)));

      assertThat(plan.placementsByStream()).containsExactly(entry("cam", "east-1"));
    }

    @Test
    void theNodeWithLessAllocatedCpuWins() {
      Plan plan = plan(List.of(aNode("n-1"), aNode("n-2")), List.of(
          aStream("on-1").withCpu(2000).withMemory(0).on("n-1"),
          aStream("on-2").withCpu(1000).withMemory(0).on("n-2"),
          aStream("cam")));

      assertThat(plan.placementsByStream()).containsExactly(entry("cam", "n-2"));
    }

    @Test
    void allocatedMemoryCountsToo() {
      // n-1: 0.25 cpu + 0.5 * 0.73 memory + 0.5 * 0.25 measured = 0.74; n-2: 0.375 + 0 + 0.1875 = 0.56
      Plan plan = plan(List.of(aNode("n-1"), aNode("n-2")), List.of(
          aStream("memory-heavy").withCpu(1000).withMemory(3000).on("n-1"),
          aStream("cpu-heavy").withCpu(1500).withMemory(0).on("n-2"),
          aStream("cam")));

      assertThat(plan.placementsByStream()).containsExactly(entry("cam", "n-2"));
    }

    @Test
    void aNodeThatMeasuresHighCpuGetsLessEvenWhenItsReservationsLookFree() {
      // n-1: nothing reserved but 90% measured: 0.5 * 0.9 = 0.45; n-2: 0.25 + 0.5 * 0.0625 + 0.5 * 0.25 = 0.41
      Plan plan = plan(List.of(aNode("n-1").measuring(3600, 1000), aNode("n-2")), List.of(
          aStream("on-2").withCpu(1000).withMemory(256).on("n-2"),
          aStream("cam")));

      assertThat(plan.placementsByStream()).containsExactly(entry("cam", "n-2"));
    }

    @Test
    void aNodeWithoutMeasurementsIsRankedOnItsAllocationAlone() {
      // n-1 (unmeasured, 25% reserved): 0.25 + 0.5 * 0.25 = 0.375; n-2 (measured 60%): 0.5 * 0.6 = 0.30.
      // Were "unknown" read as 0, n-1 would score 0.25 and win.
      Plan plan = plan(List.of(aNode("n-1"), aNode("n-2").measuring(2400, 0)), List.of(
          aStream("on-1").withCpu(1000).withMemory(0).on("n-1"),
          aStream("cam")));

      assertThat(plan.placementsByStream()).containsExactly(entry("cam", "n-2"));
    }

    @Test
    void whatARoundPlacesCountsTowardsTheMeasuredCpuOfANode() {
      // Both measured idle: the second stream sees the first one's CPU on n-1, not the stale 0.
      Plan plan = plan(List.of(aNode("n-1").measuring(0, 0), aNode("n-2").measuring(0, 0)),
          List.of(aStream("a").withCpu(1000), aStream("b").withCpu(1000)));

      assertThat(plan.placementsByStream()).containsExactly(entry("a", "n-1"), entry("b", "n-2"));
    }

    @Test
    void equallyLoadedNodesAreChosenByIdWhateverTheInputOrder() {
      Plan plan = plan(List.of(aNode("n-b"), aNode("n-c"), aNode("n-a")), List.of(aStream("cam")));

      assertThat(plan.placementsByStream()).containsExactly(entry("cam", "n-a"));
    }

    @Test
    void successiveStreamsSpreadOverEquallySizedNodes() {
      List<StreamBuilder> streams = new ArrayList<>();
      for (int i = 0; i < 8; i++) {
        streams.add(aStream("cam-" + i).withCpu(500));
      }
      Plan plan = plan(List.of(aNode("n-1"), aNode("n-2"), aNode("n-3"), aNode("n-4")), streams);

      assertThat(plan.placements()).extracting(Plan.Placement::node)
          .containsExactly("n-1", "n-2", "n-3", "n-4", "n-1", "n-2", "n-3", "n-4");
    }
  }

  @Nested
  class SpreadGroups {
    @Test
    void membersGoToDifferentNodesEvenWhenBalanceWouldStackThem() {
      Plan plan = plan(List.of(aNode("big").withCpu(64_000), aNode("small-1"), aNode("small-2")), List.of(
          aStream("lobby-1").inSpreadGroup("lobby"),
          aStream("lobby-2").inSpreadGroup("lobby"),
          aStream("lobby-3").inSpreadGroup("lobby")));

      assertThat(plan.placementsByStream().values()).containsExactlyInAnyOrder("big", "small-1", "small-2");
    }

    @Test
    void aNodeHoldingARunningMemberIsAvoided() {
      Plan plan = plan(List.of(aNode("n-1"), aNode("n-2")), List.of(
          aStream("lobby-1").inSpreadGroup("lobby").withCpu(0).withMemory(0).on("n-1"),
          aStream("other").withCpu(3000).on("n-2"),
          aStream("lobby-2").inSpreadGroup("lobby")));

      assertThat(plan.placementsByStream()).containsExactly(entry("lobby-2", "n-2"));
    }

    @Test
    void spreadComesBeforeTheOwnZone() {
      Plan plan = plan(List.of(aNode("north-1").inZone("north"), aNode("east-1").inZone("east")), List.of(
          aStream("lobby-1").inZone("north").overlapping("east").inSpreadGroup("lobby").on("north-1"),
          aStream("lobby-2").inZone("north").overlapping("east").inSpreadGroup("lobby")));

      assertThat(plan.placementsByStream()).containsExactly(entry("lobby-2", "east-1"));
    }

    @Test
    void whenEveryFeasibleNodeHoldsAMemberTheStreamSharesTheNodeWithFewestMembers() {
      Plan plan = plan(List.of(aNode("n-1"), aNode("n-2")), List.of(
          aStream("lobby-1").inSpreadGroup("lobby").withCpu(0).withMemory(0).on("n-1"),
          aStream("lobby-2").inSpreadGroup("lobby").withCpu(0).withMemory(0).on("n-1"),
          aStream("lobby-3").inSpreadGroup("lobby").withCpu(2000).on("n-2"),
          aStream("lobby-4").inSpreadGroup("lobby")));

      assertThat(plan.placementsByStream()).containsExactly(entry("lobby-4", "n-2"));
      assertThat(plan.unplaceable()).isEmpty();
    }

    @Test
    void aNodeWithoutRoomDoesNotCountAsASpreadChoice() {
      Plan plan = plan(List.of(aNode("n-1"), aNode("n-2").withCpu(100)), List.of(
          aStream("lobby-1").inSpreadGroup("lobby").on("n-1"),
          aStream("lobby-2").inSpreadGroup("lobby")));

      assertThat(plan.placementsByStream()).containsExactly(entry("lobby-2", "n-1"));
    }
  }

  @Nested
  class Priority {
    @Test
    void higherPriorityIsPlacedFirstWhenThereIsRoomForOne() {
      Plan plan = plan(List.of(aNode("n-1").withCpu(1000)), List.of(
          aStream("a-low").withCpu(1000),
          aStream("b-high").withCpu(1000).withPriority(5)));

      assertThat(plan.placementsByStream()).containsExactly(entry("b-high", "n-1"));
      assertThat(plan.unplaceable()).containsOnlyKeys("a-low");
    }

    @Test
    void extremePrioritiesKeepTheirOrder() {
      Plan plan = plan(List.of(aNode("n-1").withCpu(1000)), List.of(
          aStream("a-min").withCpu(1000).withPriority(Integer.MIN_VALUE),
          aStream("b-max").withCpu(1000).withPriority(Integer.MAX_VALUE)));

      assertThat(plan.placementsByStream()).containsExactly(entry("b-max", "n-1"));
    }

    @Test
    void inAFullPlacementTheLargerRequestOfEqualPriorityIsPlacedFirst() {
      Plan plan = plan(List.of(aNode("n-1").withCpu(1000)), List.of(aStream("cam-1").withCpu(500), aStream("cam-2").withCpu(1000)));

      assertThat(plan.placementsByStream()).containsExactly(entry("cam-2", "n-1"));
      assertThat(plan.unplaceable()).containsOnlyKeys("cam-1");
    }

    @Test
    void aFullPlacementGoesLargestFirstAndEndsLevelWhereIdOrderWouldNot() {
      // In id order: a (250) n-1, b (250) n-2, c (500) n-1, d (1000) n-2: 750 / 1250.
      // Largest first: d n-1, c n-2, a n-2, b n-2: 1000 / 1000.
      Plan plan = plan(List.of(aNode("n-1"), aNode("n-2")), List.of(
          aStream("a").withCpu(250).withMemory(0), aStream("b").withCpu(250).withMemory(0),
          aStream("c").withCpu(500).withMemory(0), aStream("d").withCpu(1000).withMemory(0)));

      assertThat(plan.placements()).extracting(Plan.Placement::streamId).containsExactly("d", "c", "a", "b");
      assertThat(plan.placementsByStream()).containsExactly(entry("a", "n-2"), entry("b", "n-2"), entry("c", "n-2"),
          entry("d", "n-1"));
    }

    @Test
    void anIncrementalRoundPlacesEqualPrioritiesInIdOrderWhateverTheirSize() {
      // Three streams run and two are pending: an incremental round, not a full placement.
      Plan plan = plan(List.of(aNode("n-1").withCpu(1000), aNode("n-2").withCpu(300)), List.of(
          aStream("run-1").withCpu(0).withMemory(0).on("n-2"),
          aStream("run-2").withCpu(0).withMemory(0).on("n-2"),
          aStream("run-3").withCpu(0).withMemory(0).on("n-2"),
          aStream("cam-1").withCpu(500), aStream("cam-2").withCpu(1000)));

      assertThat(plan.placementsByStream()).containsExactly(entry("cam-1", "n-1"));
      assertThat(plan.unplaceable()).containsOnlyKeys("cam-2");
    }

    @Test
    void equalPrioritiesArePlacedInIdOrder() {
      Plan plan = plan(List.of(aNode("n-1").withCpu(1000)), List.of(aStream("cam-2").withCpu(1000), aStream("cam-1").withCpu(1000)));

      assertThat(plan.placementsByStream()).containsExactly(entry("cam-1", "n-1"));
      assertThat(plan.placements()).extracting(Plan.Placement::streamId).containsExactly("cam-1");
    }
  }

  @Test
  void thePlanDoesNotDependOnTheOrderOfTheSnapshotsLists() {
    List<NodeBuilder> nodes = List.of(aNode("n-1").inZone("a"), aNode("n-2").inZone("b"), aNode("n-3").inZone("a").withGpu(1));
    List<StreamBuilder> streams = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      streams.add(aStream("cam-" + i).inZone(i % 2 == 0 ? "a" : "b").overlapping("*").withPriority(i % 3)
          .inSpreadGroup("g" + i % 4).withGpu(i == 5 ? 1 : 0));
    }
    ClusterSnapshot ordered = snapshot(nodes, streams);
    List<NodeSlot> shuffledNodes = new ArrayList<>(ordered.nodes());
    List<StreamSlot> shuffledStreams = new ArrayList<>(ordered.streams());
    Collections.reverse(shuffledNodes);
    Collections.rotate(shuffledStreams, 5);

    assertThat(scheduler.plan(new ClusterSnapshot(shuffledNodes, shuffledStreams), 0L)).isEqualTo(scheduler.plan(ordered, 0L));
  }
}
