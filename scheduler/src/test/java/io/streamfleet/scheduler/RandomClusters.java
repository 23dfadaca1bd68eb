package io.streamfleet.scheduler;

import io.streamfleet.model.Resources;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;

/**
 * jqwik generators of small clusters that exercise every rule: zones (and nodes without one),
 * labels, GPUs, accelerators, cordoned nodes, measurements, overlap zones including "*",
 * selectors, priorities, spread groups, and streams that are placed, pending or on a node that
 * is gone.
 */
final class RandomClusters {
  private static final String[] ZONES = {"a", "b", "c"};

  private RandomClusters() {}

  static Arbitrary<ClusterSnapshot> clusters() {
    return Combinators.combine(
            node().list().ofMaxSize(8).withSizeDistribution(RandomDistribution.uniform()),
            stream().list().ofMaxSize(30).withSizeDistribution(RandomDistribution.uniform()))
        .as((nodes, streams) -> new ClusterSnapshot(withNodeIds(nodes), withStreamIds(streams, nodes.size())))
        // jqwik's edge cases (empty lists, all-minimum values) would be a third of the tries; the
        // example tests cover those clusters
        .withoutEdgeCases();
  }

  /**
   * Clusters where spreading is always possible: every node ready, reachable and roomy enough for
   * every stream, and no group larger than the number of nodes.
   */
  static Arbitrary<ClusterSnapshot> spreadableClusters() {
    Arbitrary<Integer> nodeCount = Arbitraries.integers().between(1, 6);
    return nodeCount.flatMap(nodes -> Combinators.combine(
            Arbitraries.integers().between(1, nodes).list().ofMinSize(1).ofMaxSize(5),
            Arbitraries.of(0, 250, 500, 1000).list().ofSize(30))
        .as((groupSizes, cpus) -> {
          List<NodeSlot> nodeSlots = new ArrayList<>();
          for (int n = 0; n < nodes; n++) {
            nodeSlots.add(NodeSlot.of("n-" + n, ZONES[n % ZONES.length], Resources.of(64_000, 64_000)));
          }
          List<StreamSlot> streams = new ArrayList<>();
          for (int g = 0; g < groupSizes.size(); g++) {
            for (int m = 0; m < groupSizes.get(g); m++) {
              int i = streams.size();
              streams.add(new StreamSlot("s-" + i, Resources.of(cpus.get(i % cpus.size()), 128), ZONES[i % ZONES.length],
                  new TreeSet<>(Set.of(StreamSlot.ANY_ZONE)), null, i % 3, "g-" + g, null));
            }
          }
          return new ClusterSnapshot(nodeSlots, streams);
        }));
  }

  /**
   * Clusters for rebalancing: every stream placed, skewed towards the first nodes, with fewer
   * constraints than {@link #clusters()} so that moves are usually possible (though spread groups,
   * zones, a label and cordoned nodes still get in the way).
   */
  static Arbitrary<ClusterSnapshot> unevenlyLoadedClusters() {
    Arbitrary<NodeSlot> node = Combinators.combine(
            Arbitraries.of("a", "b"),
            Arbitraries.of(Map.<String, String>of(), Map.<String, String>of(), Map.of("site", "x")).map(TreeMap::new),
            Arbitraries.of(4000, 8000),
            Arbitraries.of(true, true, true, true, true, true, true, true, true, false))
        .as((zone, labels, cpu, schedulable) -> new NodeSlot("?", zone, labels, Resources.of(cpu, 8192), schedulable, null));
    Arbitrary<StreamSlot> stream = Combinators.combine(
            Arbitraries.of(250, 500, 1000, 2000),
            Arbitraries.of("a", "b").injectNull(0.2),
            Arbitraries.of(Set.<String>of(), Set.of(StreamSlot.ANY_ZONE)).map(TreeSet::new),
            Arbitraries.of(Map.<String, String>of(), Map.<String, String>of(), Map.<String, String>of(), Map.of("site", "x"))
                .map(TreeMap::new),
            Arbitraries.of("g-1", "g-2", "g-3").injectNull(0.6),
            Arbitraries.integers().between(0, 7).withDistribution(RandomDistribution.biased()))
        .as((cpu, zone, overlap, selector, group, on) ->
            new StreamSlot("?", Resources.of(cpu, 256), zone, overlap, selector, 0, group, "n-" + on));
    return Combinators.combine(node.list().ofMinSize(2).ofMaxSize(8), stream.list().ofMinSize(4).ofMaxSize(30))
        .as((nodes, streams) -> {
          List<StreamSlot> onExistingNodes = new ArrayList<>();
          for (int i = 0; i < streams.size(); i++) {
            StreamSlot s = streams.get(i);
            int on = Integer.parseInt(s.node().substring(2)) % nodes.size();
            onExistingNodes.add(new StreamSlot("s-" + i, s.request(), s.zone(), s.overlapZones(), s.nodeSelector(),
                s.priority(), s.spreadGroup(), "n-" + on));
          }
          return new ClusterSnapshot(withNodeIds(nodes), onExistingNodes);
        })
        .withoutEdgeCases();
  }

  private static Arbitrary<NodeSlot> node() {
    Arbitrary<String> zone = Arbitraries.of(ZONES).injectNull(0.15);
    Arbitrary<SortedMap<String, String>> labels = Arbitraries.of(
        Map.<String, String>of(), Map.of("gpu", "nvidia"), Map.of("site", "x"), Map.of("gpu", "nvidia", "site", "x"),
        Map.of("gpu", "amd")).map(TreeMap::new);
    Arbitrary<Integer> cpu = Arbitraries.of(0, 1000, 2000, 4000, 8000);
    Arbitrary<Integer> memory = Arbitraries.of(512, 1024, 4096);
    Arbitrary<Integer> gpu = Arbitraries.integers().between(0, 2);
    Arbitrary<String> accelerator = Arbitraries.of("hailo", "coral").injectNull(0.6);
    Arbitrary<Boolean> schedulable = Arbitraries.of(true, true, true, true, true, false);
    Arbitrary<Resources> measured = Arbitraries.integers().between(0, 8000)
        .map(c -> Resources.of(c, c / 2)).injectNull(0.5);
    return Combinators.combine(zone, labels, cpu, memory, gpu, accelerator, schedulable, measured)
        .as((z, l, c, m, g, a, s, me) -> new NodeSlot("?", z, l, new Resources(c, m, g, a), s, me));
  }

  private static Arbitrary<StreamSlot> stream() {
    Arbitrary<Resources> request = Combinators.combine(
            Arbitraries.of(0, 250, 500, 1000, 2000),
            Arbitraries.of(0, 128, 256, 512, 1024),
            Arbitraries.of(0, 0, 0, 0, 1),
            Arbitraries.of("hailo", "coral").injectNull(0.85))
        .as(Resources::new);
    Arbitrary<String> zone = Arbitraries.of(ZONES).injectNull(0.25);
    Arbitrary<SortedSet<String>> overlap = Arbitraries.of(
        Set.<String>of(), Set.of("b"), Set.of(StreamSlot.ANY_ZONE), Set.of("a", "c")).map(TreeSet::new);
    Arbitrary<SortedMap<String, String>> selector = Arbitraries.of(
        Map.<String, String>of(), Map.<String, String>of(), Map.of("gpu", "nvidia"), Map.of("site", "x")).map(TreeMap::new);
    Arbitrary<Integer> priority = Arbitraries.integers().between(0, 3);
    Arbitrary<String> group = Arbitraries.of("g-1", "g-2", "g-3").injectNull(0.5);
    // index into the node list (may point past it: a node that is gone), or -1: not placed
    Arbitrary<Integer> node = Arbitraries.integers().between(-1, 8);
    return Combinators.combine(request, zone, overlap, selector, priority, group, node)
        .as((r, z, o, sel, p, g, n) -> new StreamSlot("?", r, z, o, sel, p, g, n < 0 ? null : "n-" + n));
  }

  private static List<NodeSlot> withNodeIds(List<NodeSlot> nodes) {
    List<NodeSlot> named = new ArrayList<>();
    for (int i = 0; i < nodes.size(); i++) {
      NodeSlot n = nodes.get(i);
      named.add(new NodeSlot("n-" + i, n.zone(), n.labels(), n.capacity(), n.schedulable(), n.measured()));
    }
    return named;
  }

  /** Half of the streams that name a node are made pending, so most rounds have work to do. */
  private static List<StreamSlot> withStreamIds(List<StreamSlot> streams, int nodeCount) {
    List<StreamSlot> named = new ArrayList<>();
    for (int i = 0; i < streams.size(); i++) {
      StreamSlot s = streams.get(i);
      String node = s.node() != null && i % 2 == 0 ? null : s.node();
      named.add(new StreamSlot("s-" + i, s.request(), s.zone(), s.overlapZones(), s.nodeSelector(), s.priority(),
          s.spreadGroup(), node));
    }
    return named;
  }
}
