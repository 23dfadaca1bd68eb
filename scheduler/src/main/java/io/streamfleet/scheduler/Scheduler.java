package io.streamfleet.scheduler;

/**
 * Placement and rebalancing: pure functions of a {@link ClusterSnapshot}. No I/O, no threads, no
 * clock of its own; the same input always gives the same plan.
 */
public final class Scheduler {
  private final Weights weights;

  public Scheduler() {
    this(Weights.DEFAULT);
  }

  public Scheduler(Weights weights) {
    this.weights = weights;
  }

  /**
   * Places the streams that need placing (node null or not among the snapshot's nodes), highest
   * priority first; running streams stay where they are unless a higher-priority stream needs
   * their room. Cost grows with the streams to place, not with the size of the cluster.
   */
  public Plan plan(ClusterSnapshot snapshot, long nowMs) {
    // Interim least-loaded placement; replaced by the full algorithm.
    java.util.Map<String, NodeSlot> nodes = new java.util.TreeMap<>();
    java.util.Map<String, int[]> free = new java.util.HashMap<>();
    snapshot.nodes().forEach(n -> {
      nodes.put(n.id(), n);
      free.put(n.id(), new int[] {n.capacity().cpuMillis(), n.capacity().memoryMb(), n.capacity().gpu()});
    });
    java.util.List<StreamSlot> todo = new java.util.ArrayList<>();
    for (StreamSlot s : snapshot.streams()) {
      int[] f = s.node() == null ? null : free.get(s.node());
      if (f == null) {
        todo.add(s);
      } else {
        f[0] -= s.request().cpuMillis();
        f[1] -= s.request().memoryMb();
        f[2] -= s.request().gpu();
      }
    }
    todo.sort(java.util.Comparator.comparingInt((StreamSlot s) -> -s.priority()).thenComparing(StreamSlot::id));
    java.util.List<Plan.Placement> placements = new java.util.ArrayList<>();
    java.util.SortedMap<String, String> reasons = new java.util.TreeMap<>();
    for (StreamSlot s : todo) {
      NodeSlot best = null;
      for (NodeSlot n : nodes.values()) {
        int[] f = free.get(n.id());
        boolean zoneOk = s.zone() == null || s.zone().equals(n.zone()) || s.overlapZones().contains(StreamSlot.ANY_ZONE)
            || s.overlapZones().contains(n.zone());
        if (n.schedulable() && zoneOk && f[0] >= s.request().cpuMillis() && f[1] >= s.request().memoryMb() && f[2] >= s.request().gpu()
            && (best == null || f[0] > free.get(best.id())[0])) {
          best = n;
        }
      }
      if (best == null) {
        reasons.put(s.id(), "needs " + s.request().cpuMillis() + " cpu_millis; no ready node has room");
        continue;
      }
      int[] f = free.get(best.id());
      f[0] -= s.request().cpuMillis();
      f[1] -= s.request().memoryMb();
      f[2] -= s.request().gpu();
      placements.add(new Plan.Placement(s.id(), best.id()));
    }
    return new Plan(placements, java.util.List.of(), reasons);
  }

  /** At most {@code maxMoves} moves that lower the imbalance by more than the hysteresis band. */
  public RebalancePlan rebalance(ClusterSnapshot snapshot, int maxMoves) {
    return new RebalancePlan(java.util.List.of(), 0, 0);
  }

  /** Coefficient of variation of allocated CPU fraction across schedulable nodes. */
  public static double imbalance(ClusterSnapshot snapshot) {
    throw new UnsupportedOperationException("being written");
  }

  public Weights weights() {
    return weights;
  }
}
