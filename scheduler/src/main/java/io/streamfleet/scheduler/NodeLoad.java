package io.streamfleet.scheduler;

import io.streamfleet.model.Resources;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One node while a round is planned: what the streams on it reserve, and the score it is ranked
 * by. It belongs to one round and is never shared.
 *
 * <p>Pools ({@link NodePool}) rank nodes by score, so every change of load goes through {@link
 * #reserve} or {@link #release}: they change the node, re-score it and tell each of its pools
 * (O(pools · log n)). Anyone else who keeps nodes in a structure ordered by score (the
 * rebalancer, the refinement) takes them out before such a change and puts them back after.
 */
final class NodeLoad {
  /**
   * Least loaded first; equal scores by node id, so the order never depends on input order. The
   * ids are compared through {@link #index}, which follows id order within a round and costs an
   * int comparison instead of a string one (identical nodes tie on score all the time).
   */
  static final Comparator<NodeLoad> LEAST_LOADED_FIRST = (a, b) -> {
    int byScore = Double.compare(a.score, b.score);
    return byScore != 0 ? byScore : Integer.compare(a.index, b.index);
  };

  private final NodeSlot node;
  private final int index;
  private final String zoneKey;
  private final Weights weights;
  private final List<NodePool> pools = new ArrayList<>(2);
  /** This node's position in each of {@link #pools}, in the same order. */
  private int[] positions = new int[2];
  // long: a node's streams may reserve more than an int holds when a snapshot is odd
  private long cpu;
  private long memory;
  private long gpu;
  private long cpuPlacedThisRound;
  private double score;

  /** @param index the node's position among the round's live nodes, which are sorted by id */
  NodeLoad(NodeSlot node, int index, String zoneKey, Weights weights) {
    this.node = node;
    this.index = index;
    this.zoneKey = zoneKey;
    this.weights = weights;
  }

  /** Counts a stream that already runs here; only while the snapshot is read, before ranking. */
  void addRunning(Resources request) {
    addRunning(request.cpuMillis(), request.memoryMb(), request.gpu());
  }

  /** Counts what streams that already run here reserve; only while the snapshot is read, before ranking. */
  void addRunning(long cpuMillis, long memoryMb, long gpus) {
    cpu += cpuMillis;
    memory += memoryMb;
    gpu += gpus;
  }

  /** Called once all running streams are counted. */
  void rescore() {
    score = BalanceScore.of(node, cpu, memory, cpuPlacedThisRound, weights);
  }

  void reserve(Resources request) {
    change(request, +1);
  }

  void release(Resources request) {
    change(request, -1);
  }

  private void change(Resources request, int sign) {
    cpu += sign * (long) request.cpuMillis();
    memory += sign * (long) request.memoryMb();
    gpu += sign * (long) request.gpu();
    cpuPlacedThisRound += sign * (long) request.cpuMillis();
    rescore();
    for (int i = 0; i < pools.size(); i++) {
      pools.get(i).rescored(positions[i]);
    }
  }

  /** The score this node would have with {@code cpuDelta} and {@code memoryDelta} more reserved by this round. */
  double scoreWith(long cpuDelta, long memoryDelta) {
    return BalanceScore.of(node, cpu + cpuDelta, memory + memoryDelta, cpuPlacedThisRound + cpuDelta, weights);
  }

  /** Called by a pool that takes this node in, at {@code position}. */
  void joinPool(NodePool pool, int position) {
    if (pools.size() == positions.length) {
      positions = Arrays.copyOf(positions, 2 * positions.length);
    }
    positions[pools.size()] = position;
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

  /** The node's position among the round's live nodes (by id). */
  int index() {
    return index;
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
