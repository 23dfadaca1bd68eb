package io.streamfleet.scheduler;

import io.streamfleet.model.Resources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Finds the one node where evicting running streams of strictly lower priority makes room for a
 * stream that fits nowhere, and which streams to evict there.
 *
 * <p>On each node that could hold the stream at all, victims are taken lowest priority first
 * (then largest first, so fewer are needed; then by id), until the shortfall in cpu, memory and
 * gpu is covered; then any victim not needed after all is handed back, highest priority first.
 * Among the nodes where that works the cheapest wins: the lowest "highest evicted priority", then
 * the fewest victims, then the fewest members of the stream's spread group, then own zone before
 * overlap zones, then the least loaded, then node id.
 *
 * <p>Only streams that were running when the round began can be victims: the streams this round
 * placed came earlier in placement order, so none has a lower priority than a later one.
 */
final class PreemptionSearch {
  private static final Comparator<StreamSlot> EVICT_FIRST = Comparator.comparingInt(StreamSlot::priority)
      .thenComparing(Comparator.comparingInt((StreamSlot s) -> s.request().cpuMillis()).reversed())
      .thenComparing(Comparator.comparingInt((StreamSlot s) -> s.request().memoryMb()).reversed())
      .thenComparing(Comparator.comparingInt((StreamSlot s) -> s.request().gpu()).reversed())
      .thenComparing(StreamSlot::id);

  private static final Comparator<Choice> CHEAPEST = Comparator.comparingInt(Choice::highestEvictedPriority)
      .thenComparingInt(c -> c.victims().size())
      .thenComparingInt(Choice::groupMembers)
      .thenComparingInt(Choice::tier)
      .thenComparing(Choice::node, NodeLoad.LEAST_LOADED_FIRST);

  private final ClusterLoad load;
  private final SpreadIndex spread;

  PreemptionSearch(ClusterLoad load, SpreadIndex spread) {
    this.load = load;
    this.spread = spread;
  }

  /** Where to evict whom so that {@code stream} fits, or null when no single node can make room. */
  Choice find(StreamSlot stream, NodePools.Reach reach) {
    Choice best = null;
    for (int tier = 0; tier < reach.tierCount(); tier++) {
      for (NodePool pool : reach.tier(tier)) {
        for (NodeLoad node : pool.nodes()) {
          if (!HardConstraints.couldEverHold(node.node(), stream)) {
            continue;
          }
          List<StreamSlot> victims = victimsOn(node, stream);
          if (victims == null) {
            continue;
          }
          int highest = victims.stream().mapToInt(StreamSlot::priority).max().orElse(Integer.MIN_VALUE);
          Choice choice = new Choice(node, victims, highest, spread.count(stream.spreadGroup(), node), tier);
          if (best == null || CHEAPEST.compare(choice, best) < 0) {
            best = choice;
          }
        }
      }
    }
    return best;
  }

  private List<StreamSlot> victimsOn(NodeLoad node, StreamSlot stream) {
    Resources need = stream.request();
    long cpuShort = need.cpuMillis() - node.freeCpu();
    long memoryShort = need.memoryMb() - node.freeMemory();
    long gpuShort = need.gpu() - node.freeGpu();
    List<StreamSlot> lower = new ArrayList<>();
    for (StreamSlot running : load.running(node)) {
      if (running.priority() < stream.priority()) {
        lower.add(running);
      }
    }
    lower.sort(EVICT_FIRST);
    List<StreamSlot> victims = new ArrayList<>();
    long cpu = 0;
    long memory = 0;
    long gpu = 0;
    for (StreamSlot candidate : lower) {
      if (covers(need, cpuShort, memoryShort, gpuShort, cpu, memory, gpu)) {
        break;
      }
      victims.add(candidate);
      cpu += candidate.request().cpuMillis();
      memory += candidate.request().memoryMb();
      gpu += candidate.request().gpu();
    }
    if (!covers(need, cpuShort, memoryShort, gpuShort, cpu, memory, gpu)) {
      return null;
    }
    for (int i = victims.size() - 1; i >= 0; i--) {
      Resources r = victims.get(i).request();
      if (covers(need, cpuShort, memoryShort, gpuShort, cpu - r.cpuMillis(), memory - r.memoryMb(), gpu - r.gpu())) {
        victims.remove(i);
        cpu -= r.cpuMillis();
        memory -= r.memoryMb();
        gpu -= r.gpu();
      }
    }
    return victims.isEmpty() ? null : victims;
  }

  /** Whether freeing the given amounts covers every shortfall of a resource the stream uses. */
  private static boolean covers(Resources need, long cpuShort, long memoryShort, long gpuShort, long cpu, long memory,
      long gpu) {
    return (need.cpuMillis() <= 0 || cpu >= cpuShort)
        && (need.memoryMb() <= 0 || memory >= memoryShort)
        && (need.gpu() <= 0 || gpu >= gpuShort);
  }

  /** Evict {@code victims} from {@code node}, then place the stream there. */
  record Choice(NodeLoad node, List<StreamSlot> victims, int highestEvictedPriority, int groupMembers, int tier) {}
}
