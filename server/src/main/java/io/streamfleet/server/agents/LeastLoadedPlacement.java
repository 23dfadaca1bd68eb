package io.streamfleet.server.agents;

import io.streamfleet.model.Assignment;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.NodeRecord;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.Resources;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.model.command.PlaceStreams;
import io.streamfleet.server.state.ClusterState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A simple placement: each pending stream (highest priority first) goes to the ready node with
 * the most free CPU among those it fits on, preferring nodes in the stream's zone. Streams that
 * fit nowhere get a reason naming the binding resource. Pure: a function of the state.
 * (The resource-, zone- and spread-aware scheduler replaces this in its own module.)
 */
final class LeastLoadedPlacement {
  private LeastLoadedPlacement() {}

  record Plan(List<PlaceStreams.Placement> placements, Map<String, String> reasons) {
    boolean isEmpty() {
      return placements.isEmpty() && reasons.isEmpty();
    }
  }

  static Plan plan(ClusterState state) {
    Map<String, int[]> free = new HashMap<>(); // node -> {cpu, memory, gpu}
    List<NodeRecord> ready = new ArrayList<>();
    for (NodeRecord n : state.nodes()) {
      if (n.state() == NodeState.READY) {
        Resources used = state.allocated(n.id());
        free.put(n.id(), new int[] {n.capacity().cpuMillis() - used.cpuMillis(), n.capacity().memoryMb() - used.memoryMb(),
            n.capacity().gpu() - used.gpu()});
        ready.add(n);
      }
    }
    List<Assignment> pending = state.assignments().stream()
        .filter(a -> a.state() == AssignmentState.PENDING)
        .sorted(Comparator.comparingInt((Assignment a) -> -state.stream(a.streamId()).spec().priority()).thenComparing(Assignment::streamId))
        .toList();
    List<PlaceStreams.Placement> placements = new ArrayList<>();
    Map<String, String> reasons = new TreeMap<>();
    for (Assignment a : pending) {
      StreamSpec spec = state.stream(a.streamId()).spec();
      Resources r = spec.resources();
      NodeRecord best = null;
      for (NodeRecord n : ready) {
        int[] f = free.get(n.id());
        boolean fits = f[0] >= r.cpuMillis() && f[1] >= r.memoryMb() && f[2] >= r.gpu()
            && (r.accelerator() == null || r.accelerator().equals(n.capacity().accelerator()));
        if (fits && (best == null || better(n, best, spec.zone(), free))) {
          best = n;
        }
      }
      if (best == null) {
        String reason = reason(r, ready, free);
        if (!reason.equals(a.reason())) {
          reasons.put(a.streamId(), reason);
        }
        continue;
      }
      int[] f = free.get(best.id());
      f[0] -= r.cpuMillis();
      f[1] -= r.memoryMb();
      f[2] -= r.gpu();
      placements.add(new PlaceStreams.Placement(a.streamId(), a.epoch(), best.id()));
    }
    return new Plan(placements, reasons);
  }

  private static boolean better(NodeRecord candidate, NodeRecord best, String zone, Map<String, int[]> free) {
    boolean candidateLocal = zone != null && zone.equals(candidate.zone());
    boolean bestLocal = zone != null && zone.equals(best.zone());
    if (candidateLocal != bestLocal) {
      return candidateLocal;
    }
    int byCpu = Integer.compare(free.get(candidate.id())[0], free.get(best.id())[0]);
    return byCpu > 0 || (byCpu == 0 && candidate.id().compareTo(best.id()) < 0);
  }

  private static String reason(Resources r, List<NodeRecord> ready, Map<String, int[]> free) {
    if (ready.isEmpty()) {
      return "no ready nodes; start an agent with: streamfleet agent --servers HOST:7070 --node-id NAME";
    }
    NodeRecord largest = ready.stream().max(Comparator.comparingInt(n -> free.get(n.id())[0])).orElseThrow();
    int[] f = free.get(largest.id());
    String need = r.cpuMillis() + " cpu_millis and " + r.memoryMb() + " MiB"
        + (r.gpu() > 0 ? " and " + r.gpu() + " gpu" : "") + (r.accelerator() != null ? " with accelerator " + r.accelerator() : "");
    return "needs " + need + "; the node with the most free CPU, " + largest.id() + ", has " + f[0] + " cpu_millis and "
        + f[1] + " MiB free";
  }
}
