package io.streamfleet.scheduler;

import io.streamfleet.model.Resources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * One node while a round is planned: what the streams on it reserve, and the score it is ranked
 * by. It belongs to one round and is never shared.
 *
 * <p>Ordered sets ({@link NodePool}) sort nodes by score, and a sorted set breaks if an element's
 * key changes while it is inside. So every change of load goes through {@link #reserve} or
 * {@link #release}: they take the node out of its pools, change it, re-score it and put it back
 * (O(pools · log n)).
 */
final class NodeLoad {
  /** Least loaded first; equal scores by node id, so the order never depends on input order. */
  static final Comparator<NodeLoad> LEAST_LOADED_FIRST = (a, b) -> {
    int byScore = Double.compare(a.score, b.score);
    return byScore != 0 ? byScore : a.id().compareTo(b.id());
  };

  private final NodeSlot node;
  private final String zoneKey;
  private final Weights weights;
  private final List<NodePool> pools = new ArrayList<>(2);
  // long: a node's streams may reserve more than an int holds when a snapshot is odd
  private long cpu;
  private long memory;
  private long gpu;
  private long cpuPlacedThisRound;
  private double score;

  NodeLoad(NodeSlot node, String zoneKey, Weights weights) {
    this.node = node;
    this.zoneKey = zoneKey;
    this.weights = weights;
  }

  /** Counts a stream that already runs here; only while the snapshot is read, before ranking. */
  void addRunning(Resources request) {
    cpu += request.cpuMillis();
    memory += request.memoryMb();
    gpu += request.gpu();
  }

  /** Called once all running streams are counted. */
  void rescore() {
    score = BalanceScore.of(this, weights);
  }

  void reserve(Resources request) {
    change(request, +1);
  }

  void release(Resources request) {
    change(request, -1);
  }

  private void change(Resources request, int sign) {
    for (NodePool pool : pools) {
      pool.remove(this);
    }
    cpu += sign * (long) request.cpuMillis();
    memory += sign * (long) request.memoryMb();
    gpu += sign * (long) request.gpu();
    cpuPlacedThisRound += sign * (long) request.cpuMillis();
    rescore();
    for (NodePool pool : pools) {
      pool.add(this);
    }
  }

  void joinPool(NodePool pool) {
    pools.add(pool);
  }

  /**
   * Whether the request fits in what is free. A resource the request does not use is not
   * checked, so a node already over-committed on memory (its capacity shrank) can still take a
   * stream that needs no memory; nothing is ever added to a resource that is already short.
   */
  boolean fits(Resources request) {
    return fitsOne(request.cpuMillis(), freeCpu())
        && fitsOne(request.memoryMb(), freeMemory())
        && fitsOne(request.gpu(), freeGpu());
  }

  static boolean fitsOne(long requested, long free) {
    return requested <= 0 || requested <= free;
  }

  long freeCpu() {
    return node.capacity().cpuMillis() - cpu;
  }

  long freeMemory() {
    return node.capacity().memoryMb() - memory;
  }

  long freeGpu() {
    return node.capacity().gpu() - gpu;
  }

  /** Allocated CPU as a fraction of capacity: the quantity {@link Scheduler#imbalance} spreads. */
  double cpuFraction() {
    return BalanceScore.fraction(cpu, node.capacity().cpuMillis());
  }

  NodeSlot node() {
    return node;
  }

  String id() {
    return node.id();
  }

  /** The node's zone, or {@link ClusterLoad#NO_ZONE}. */
  String zoneKey() {
    return zoneKey;
  }

  long cpu() {
    return cpu;
  }

  long memory() {
    return memory;
  }

  long gpu() {
    return gpu;
  }

  long cpuPlacedThisRound() {
    return cpuPlacedThisRound;
  }

  double score() {
    return score;
  }

  @Override
  public String toString() {
    return node.id();
  }
}
