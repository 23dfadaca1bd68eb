package io.streamfleet.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.Resources;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class JobPackerTest {
  private static StreamSlot job(String id, int cpu) {
    return StreamSlot.of(id, Resources.of(cpu, 64), null, null);
  }

  @Test
  void jobsSpreadToTheNodeWithTheMostCpuLeft() {
    List<NodeSlot> nodes = List.of(NodeSlot.of("a", "z", Resources.of(4000, 4096)), NodeSlot.of("b", "z", Resources.of(4000, 4096)));

    List<Plan.Placement> out = JobPacker.pack(nodes, Map.of("a", Resources.of(1000, 0)), List.of(job("j1", 500), job("j2", 500),
        job("j3", 500)), 10);

    assertThat(out).extracting(Plan.Placement::node).containsExactly("b", "b", "a");
  }

  @Test
  void whatIsUsedIsNotSpareAndAJobThatFitsNowhereIsSkippedForSmallerOnes() {
    List<NodeSlot> nodes = List.of(NodeSlot.of("a", "z", Resources.of(2000, 4096)));

    List<Plan.Placement> out = JobPacker.pack(nodes, Map.of("a", Resources.of(1500, 0)), List.of(job("big", 1000), job("small", 400)), 10);

    assertThat(out).containsExactly(new Plan.Placement("small", "a"));
  }

  @Test
  void zoneLabelsAndSchedulabilityAreHardConstraints() {
    TreeMap<String, String> gpuLabel = new TreeMap<>(Map.of("gpu", "t4"));
    List<NodeSlot> nodes = List.of(new NodeSlot("a", "north", null, Resources.of(4000, 4096), true, null),
        new NodeSlot("b", "south", gpuLabel, Resources.of(4000, 4096), true, null),
        new NodeSlot("c", "south", gpuLabel, Resources.of(8000, 8192), false, null));
    StreamSlot wantsSouthGpu = new StreamSlot("j", Resources.of(100, 64), "south", null, gpuLabel, 0, null, null);
    StreamSlot wantsEast = new StreamSlot("k", Resources.of(100, 64), "east", null, null, 0, null, null);

    assertThat(JobPacker.pack(nodes, Map.of(), List.of(wantsSouthGpu, wantsEast), 10)).containsExactly(new Plan.Placement("j", "b"));
  }

  @Test
  void stopsAtTheLimit() {
    List<NodeSlot> nodes = List.of(NodeSlot.of("a", "z", Resources.of(4000, 4096)));

    assertThat(JobPacker.pack(nodes, Map.of(), List.of(job("1", 10), job("2", 10), job("3", 10)), 2)).hasSize(2);
  }
}
