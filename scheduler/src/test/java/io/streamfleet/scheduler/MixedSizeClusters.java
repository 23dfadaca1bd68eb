package io.streamfleet.scheduler;

import io.streamfleet.model.Resources;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Test data for balance: the workload of issue 20 (as in the scheduler benchmark). Identical
 * nodes in 3 zones; requests in three sizes 1:2:4 (250/500/1000 cpu_millis, memory in proportion)
 * in shares 30/50/20 %; nodes sized so that the streams fill them to 60 %; cameras in spread
 * groups of 4, each in one zone with overlap zone "*".
 */
final class MixedSizeClusters {
  static final String[] ZONES = {"zone-a", "zone-b", "zone-c"};
  private static final Resources[] SIZES = {Resources.of(250, 128), Resources.of(500, 256), Resources.of(1000, 512)};
  private static final int[] SHARE_TENTHS = {3, 5, 2};
  /** The mean request (525 cpu_millis, 268.8 MiB) over 60 %. */
  private static final int NODE_CPU_PER_STREAM = 875;
  private static final int NODE_MEMORY_PER_STREAM = 448;

  private MixedSizeClusters() {}

  /**
   * Every zone's cameras ask for exactly what its nodes are sized for, in exactly the 30/50/20 %
   * mix, so a placement with every node at 60 % exists.
   */
  static ClusterSnapshot exactShares(int nodeCount, int streamsPerNode, long seed) {
    List<NodeSlot> nodes = nodes(nodeCount, streamsPerNode);
    Random random = new Random(seed);
    List<StreamSlot> streams = new ArrayList<>();
    for (int z = 0; z < ZONES.length; z++) {
      int count = streamsPerNode * nodesIn(nodes, ZONES[z]);
      List<Resources> sizes = new ArrayList<>(count);
      for (int size = 0; size < SIZES.length; size++) {
        sizes.addAll(Collections.nCopies(count / 10 * SHARE_TENTHS[size], SIZES[size]));
      }
      Collections.shuffle(sizes, random);
      for (int i = 0; i < sizes.size(); i++) {
        streams.add(stream(streams.size(), sizes.get(i), z, i));
      }
    }
    return new ClusterSnapshot(nodes, streams);
  }

  /** The same, but each stream's size drawn on its own (30/50/20 % chance). */
  static ClusterSnapshot drawnSizes(int nodeCount, int streamsPerNode, long seed) {
    List<NodeSlot> nodes = nodes(nodeCount, streamsPerNode);
    Random random = new Random(seed);
    List<StreamSlot> streams = new ArrayList<>();
    for (int z = 0; z < ZONES.length; z++) {
      int count = streamsPerNode * nodesIn(nodes, ZONES[z]);
      for (int i = 0; i < count; i++) {
        int tenth = random.nextInt(10);
        Resources size = tenth < SHARE_TENTHS[0] ? SIZES[0] : tenth < SHARE_TENTHS[0] + SHARE_TENTHS[1] ? SIZES[1] : SIZES[2];
        streams.add(stream(streams.size(), size, z, i));
      }
    }
    return new ClusterSnapshot(nodes, streams);
  }

  /**
   * The lowest CV any placement of these (whole) streams reaches that keeps each in its own zone:
   * every node of a zone at the zone's total over its node count, rounded down or up to whole
   * multiples of the smallest request. The nodes must be identical.
   */
  static double lowestInZoneCv(ClusterSnapshot cluster) {
    int unit = SIZES[0].cpuMillis();
    double capacity = cluster.nodes().get(0).capacity().cpuMillis();
    List<Double> fractions = new ArrayList<>();
    for (String zone : ZONES) {
      long units = cluster.streams().stream().filter(s -> zone.equals(s.zone())).mapToLong(s -> s.request().cpuMillis() / unit).sum();
      int count = nodesIn(cluster.nodes(), zone);
      for (int i = 0; i < count; i++) {
        fractions.add((units / count + (i < units % count ? 1 : 0)) * unit / capacity);
      }
    }
    double mean = fractions.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double variance = fractions.stream().mapToDouble(f -> (f - mean) * (f - mean)).average().orElseThrow();
    return Math.sqrt(variance) / mean;
  }

  private static List<NodeSlot> nodes(int count, int streamsPerNode) {
    List<NodeSlot> nodes = new ArrayList<>(count);
    Resources capacity = Resources.of(streamsPerNode * NODE_CPU_PER_STREAM, streamsPerNode * NODE_MEMORY_PER_STREAM);
    for (int i = 0; i < count; i++) {
      nodes.add(NodeSlot.of(String.format("node-%04d", i), ZONES[i % ZONES.length], capacity));
    }
    return nodes;
  }

  private static StreamSlot stream(int id, Resources size, int zone, int indexInZone) {
    SortedSet<String> anywhere = new TreeSet<>(Set.of(StreamSlot.ANY_ZONE));
    return new StreamSlot(String.format("cam-%06d", id), size, ZONES[zone], anywhere, null, 0,
        "site-" + zone + "-" + indexInZone / 4, null);
  }

  private static int nodesIn(List<NodeSlot> nodes, String zone) {
    return (int) nodes.stream().filter(n -> zone.equals(n.zone())).count();
  }
}
