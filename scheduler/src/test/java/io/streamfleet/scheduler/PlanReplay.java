package io.streamfleet.scheduler;

import static org.assertj.core.api.Assertions.assertThat;

import io.streamfleet.model.Resources;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * An independent checker for the property tests: replays a plan step by step, as the server would
 * apply it, on plain maps, and asserts at every step what must hold. It shares no code with the
 * scheduler's internals beyond the snapshot records.
 */
final class PlanReplay {
  private final ClusterSnapshot snapshot;
  private final Map<String, NodeSlot> nodes = new HashMap<>();
  private final Map<String, long[]> allocated = new HashMap<>();
  private final Map<String, String> nodeOfStream = new HashMap<>();
  private final Map<String, StreamSlot> streams = new HashMap<>();

  PlanReplay(ClusterSnapshot snapshot) {
    this.snapshot = snapshot;
    snapshot.nodes().forEach(n -> {
      nodes.put(n.id(), n);
      allocated.put(n.id(), new long[3]);
    });
    for (StreamSlot s : snapshot.streams()) {
      streams.put(s.id(), s);
      if (s.node() != null && nodes.containsKey(s.node())) {
        add(s.node(), s.request(), +1);
        nodeOfStream.put(s.id(), s.node());
      }
    }
  }

  /**
   * Applies each placement (after the evictions made for it) and checks: hard constraints, no
   * over-commit of a resource the stream uses, evictions only of lower priority streams running on
   * that node, spread (a node holding a member is chosen only when no feasible node without one
   * existed at that moment) and zone tier (an overlap-zone node only when no own-zone node was as
   * good on spread).
   */
  void checkPlan(Plan plan) {
    Map<String, List<Plan.Eviction>> evictionsFor = new HashMap<>();
    plan.evictions().forEach(e -> evictionsFor.computeIfAbsent(e.forStream(), k -> new ArrayList<>()).add(e));
    for (Plan.Placement p : plan.placements()) {
      StreamSlot stream = streams.get(p.streamId());
      assertThat(stream).as("placed stream exists").isNotNull();
      assertThat(nodeOfStream).as("%s was pending", stream.id()).doesNotContainKey(stream.id());
      for (Plan.Eviction e : evictionsFor.getOrDefault(stream.id(), List.of())) {
        StreamSlot victim = streams.get(e.streamId());
        assertThat(nodeOfStream.get(victim.id())).as("victim %s runs on %s", victim.id(), e.node()).isEqualTo(e.node());
        assertThat(e.node()).isEqualTo(p.node());
        assertThat(victim.priority()).as("victim priority").isLessThan(stream.priority());
        add(e.node(), victim.request(), -1);
        nodeOfStream.remove(victim.id());
      }
      NodeSlot node = nodes.get(p.node());
      assertThat(node).as("target of %s is live", stream.id()).isNotNull();
      assertThat(admits(node, stream)).as("%s admits %s", node.id(), stream.id()).isTrue();
      assertThat(fits(node.id(), stream.request())).as("%s has room for %s", node.id(), stream.id()).isTrue();
      if (stream.spreadGroup() != null && membersOn(stream.spreadGroup(), node.id()) > 0) {
        for (NodeSlot other : snapshot.nodes()) {
          boolean spreadAlternative = admits(other, stream) && fits(other.id(), stream.request())
              && membersOn(stream.spreadGroup(), other.id()) == 0;
          assertThat(spreadAlternative).as("%s shares %s although %s was free of its group", stream.id(), node.id(), other.id())
              .isFalse();
        }
      }
      if (tier(stream, node) == 1 && evictionsFor.get(stream.id()) == null) {
        // spread comes first: an own-zone node is better only if it holds no more members
        int membersOnChosen = stream.spreadGroup() == null ? 0 : membersOn(stream.spreadGroup(), node.id());
        for (NodeSlot other : snapshot.nodes()) {
          boolean ownZoneAlternative = tier(stream, other) == 0 && admits(other, stream) && fits(other.id(), stream.request())
              && (stream.spreadGroup() == null || membersOn(stream.spreadGroup(), other.id()) <= membersOnChosen);
          assertThat(ownZoneAlternative).as("%s went to overlap zone node %s although %s in its own zone would do",
              stream.id(), node.id(), other.id()).isFalse();
        }
      }
      add(node.id(), stream.request(), +1);
      nodeOfStream.put(stream.id(), node.id());
    }
    assertThat(plan.evictions()).extracting(Plan.Eviction::forStream)
        .allMatch(id -> plan.placementsByStream().containsKey(id));
  }

  /** Applies one move, checking it is legal at that moment; see {@link Rebalancer}. */
  void checkMove(Move move) {
    StreamSlot stream = streams.get(move.streamId());
    assertThat(nodeOfStream.get(stream.id())).as("%s runs on %s", stream.id(), move.from()).isEqualTo(move.from());
    NodeSlot target = nodes.get(move.to());
    assertThat(admits(target, stream)).isTrue();
    assertThat(fits(target.id(), stream.request())).isTrue();
    if (stream.spreadGroup() != null) {
      assertThat(membersOn(stream.spreadGroup(), target.id())).as("spread group of %s on %s", stream.id(), target.id()).isZero();
    }
    int fromTier = tier(stream, nodes.get(move.from()));
    assertThat(fromTier < 0 || tier(stream, target) <= fromTier).as("zone preference kept").isTrue();
    add(move.from(), stream.request(), -1);
    add(move.to(), stream.request(), +1);
    nodeOfStream.put(stream.id(), move.to());
  }

  private static boolean admits(NodeSlot node, StreamSlot stream) {
    boolean labels = stream.nodeSelector().entrySet().stream()
        .allMatch(e -> e.getValue().equals(node.labels().get(e.getKey())));
    String accelerator = stream.request().accelerator();
    return node.schedulable() && tier(stream, node) >= 0 && labels
        && (accelerator == null || accelerator.equals(node.capacity().accelerator()));
  }

  private static int tier(StreamSlot stream, NodeSlot node) {
    if (stream.zone() == null || stream.zone().equals(node.zone())) {
      return 0;
    }
    if (stream.overlapZones().contains("*") || (node.zone() != null && stream.overlapZones().contains(node.zone()))) {
      return 1;
    }
    return -1;
  }

  private boolean fits(String node, Resources r) {
    long[] used = allocated.get(node);
    Resources cap = nodes.get(node).capacity();
    return (r.cpuMillis() == 0 || used[0] + r.cpuMillis() <= cap.cpuMillis())
        && (r.memoryMb() == 0 || used[1] + r.memoryMb() <= cap.memoryMb())
        && (r.gpu() == 0 || used[2] + r.gpu() <= cap.gpu());
  }

  private int membersOn(String group, String node) {
    int count = 0;
    for (Map.Entry<String, String> e : nodeOfStream.entrySet()) {
      if (e.getValue().equals(node) && group.equals(streams.get(e.getKey()).spreadGroup())) {
        count++;
      }
    }
    return count;
  }

  private void add(String node, Resources r, int sign) {
    long[] used = allocated.get(node);
    used[0] += sign * (long) r.cpuMillis();
    used[1] += sign * (long) r.memoryMb();
    used[2] += sign * (long) r.gpu();
  }
}
