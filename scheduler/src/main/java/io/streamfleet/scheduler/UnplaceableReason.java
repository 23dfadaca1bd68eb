package io.streamfleet.scheduler;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;

/**
 * Why a stream fits on no node, naming the binding constraint. The constraints are applied one
 * after another, in the order nodes exist → zone → labels → accelerator → gpu → cpu → memory, and
 * the first that leaves no candidate is the reason. For a resource the message names the node
 * with the most of it free among those that passed the earlier filters, so the operator sees how
 * far off the request is.
 */
final class UnplaceableReason {
  static final String NO_NODES =
      "no ready nodes; start an agent with: streamfleet agent --servers HOST:7070 --node-id NAME";

  private UnplaceableReason() {}

  static String explain(StreamSlot stream, ClusterLoad load) {
    if (load.all().isEmpty()) {
      return NO_NODES;
    }
    List<NodeLoad> candidates = load.schedulable();
    if (candidates.isEmpty()) {
      return "no ready nodes (" + load.all().size() + " live " + (load.all().size() == 1 ? "node takes" : "nodes take")
          + " no new streams: cordoned, draining or suspect); start an agent with:"
          + " streamfleet agent --servers HOST:7070 --node-id NAME";
    }
    candidates = keep(candidates, n -> HardConstraints.zoneTier(stream, n.node().zone()) != HardConstraints.UNREACHABLE);
    if (candidates.isEmpty()) {
      return "no ready node in zone " + stream.zone() + overlapText(stream);
    }
    String where = where(stream);
    for (String key : stream.nodeSelector().keySet()) {
      if (key.startsWith(ExecLabels.PREFIX) && candidates.stream().noneMatch(n -> n.node().labels().containsKey(key))) {
        String program = key.substring(ExecLabels.PREFIX.length());
        return "its processor runs the program " + program + " (exec); no ready node" + where + " allows it: start agents with"
            + " --allow-exec or --allow-exec-program " + program;
      }
    }
    candidates = keep(candidates, n -> HardConstraints.matchesLabels(stream, n.node()));
    if (candidates.isEmpty()) {
      return "needs labels " + stream.nodeSelector() + "; no ready node" + where + " matches";
    }
    candidates = keep(candidates, n -> HardConstraints.hasAccelerator(stream, n.node()));
    if (candidates.isEmpty()) {
      return "needs accelerator " + stream.request().accelerator() + "; no ready node" + where + " has one";
    }
    String shortage = shortage(candidates, stream.request().gpu(), NodeLoad::freeGpu, "gpu", "gpu", where);
    if (shortage != null) {
      return shortage;
    }
    candidates = keep(candidates, n -> NodeLoad.fitsOne(stream.request().gpu(), n.freeGpu()));
    shortage = shortage(candidates, stream.request().cpuMillis(), NodeLoad::freeCpu, "cpu_millis", "cpu_millis", where);
    if (shortage != null) {
      return shortage;
    }
    candidates = keep(candidates, n -> NodeLoad.fitsOne(stream.request().cpuMillis(), n.freeCpu()));
    shortage = shortage(candidates, stream.request().memoryMb(), NodeLoad::freeMemory, "MiB memory", "MiB", where);
    if (shortage != null) {
      return shortage;
    }
    // Not reached: a stream that passes every filter fits somewhere and is placed.
    return "fits on no ready node" + where;
  }

  /** "needs 2000 cpu_millis in zone north; largest free node n-2 has 1500 cpu_millis free", or null when one fits. */
  private static String shortage(List<NodeLoad> candidates, int requested, ToLongFunction<NodeLoad> free,
      String unit, String freeUnit, String where) {
    NodeLoad largest = null;
    for (NodeLoad n : candidates) {
      if (NodeLoad.fitsOne(requested, free.applyAsLong(n))) {
        return null;
      }
      if (largest == null || free.applyAsLong(n) > free.applyAsLong(largest)) {
        largest = n; // candidates are by id, so equal amounts keep the lowest id
      }
    }
    long largestFree = Math.max(0, free.applyAsLong(largest));
    return "needs " + requested + " " + unit + where + "; largest free node " + largest.id() + " has " + largestFree
        + " " + freeUnit + " free";
  }

  /** " in zone north or its overlap zones [east]", or "" when the stream may run in any zone. */
  private static String where(StreamSlot stream) {
    if (stream.zone() == null || stream.overlapZones().contains(StreamSlot.ANY_ZONE)) {
      return "";
    }
    return " in zone " + stream.zone() + overlapText(stream);
  }

  private static String overlapText(StreamSlot stream) {
    return stream.overlapZones().isEmpty() ? "" : " or its overlap zones " + stream.overlapZones();
  }

  private static List<NodeLoad> keep(List<NodeLoad> nodes, Predicate<NodeLoad> test) {
    List<NodeLoad> kept = new ArrayList<>(nodes.size());
    for (NodeLoad n : nodes) {
      if (test.test(n)) {
        kept.add(n);
      }
    }
    return kept;
  }
}
