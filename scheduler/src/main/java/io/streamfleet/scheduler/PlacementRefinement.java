package io.streamfleet.scheduler;

import io.streamfleet.model.Resources;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.TreeSet;

/**
 * Evens out what one round placed, before any of it runs: moves and swaps of the round's own
 * streams between the most and the least loaded nodes of a pool.
 *
 * <p>Design note. Placing the largest streams first, each on the least loaded node, leaves the
 * nodes within about one small stream of each other. What spread groups make the placement skip,
 * and what the last streams cannot fill exactly, leaves some nodes a step above or below the
 * rest. This pass works pool by pool ({@link NodePool}: the nodes of one zone that can run one
 * kind of stream). It takes the most loaded node that holds streams of this round (the source)
 * and the least loaded node of the pool (the target), and makes the one change between them that
 * lowers the sum of their squared {@link BalanceScore}s most: moving one of the source's streams
 * to the target, or swapping one for a smaller one of the target's. Every change lowers the sum
 * of squared scores over all nodes, so the scores draw together (on identical nodes that is the
 * CV that {@link Scheduler#imbalance} reports). It stops when none of the {@link #SOURCES_TRIED}
 * most loaded sources has a change with any of the {@link #TARGETS_TRIED} least loaded targets,
 * or when it has used its budget of {@link #ATTEMPTS_PER_STREAM} attempts per stream it may
 * move, so its cost is bounded by the size of the round.
 *
 * <p>It optimises the score, the quantity placement itself ranks by, not the CPU fraction alone:
 * a node whose heartbeats say it burns more than it reserved must not get streams back that the
 * placement kept away from it.
 *
 * <p>What may change, so that every placement rule still holds of the result ({@link
 * PlacementRound} runs this pass only for a full placement that was uncontested):
 *
 * <ul>
 *   <li>only streams this round placed, never running ones (moving those costs a restart, which
 *       is {@link Rebalancer}'s business);
 *   <li>only within the pool the stream was placed from: same zone, so the same zone tier, and
 *       nodes that all pass the stream's labels, accelerator and GPU filters;
 *   <li>only into room that is free, resource by resource;
 *   <li>never onto a node that holds a member of the stream's spread group.
 * </ul>
 *
 * <p>Cost of one attempt: a pass over the two nodes' streams of this round, where a run of equal
 * requests is judged once; for a swap partner a binary search among the target's runs for the
 * size that would bring the two nodes level. The choice of stream within a run, of source and of
 * target is by order (score, then id; placement order within a run), so the result is as
 * deterministic as the placement.
 */
final class PlacementRefinement {
  static final int SOURCES_TRIED = 8;
  static final int TARGETS_TRIED = 8;
  static final int ATTEMPTS_PER_STREAM = 2;
  /** A change must lower the sum of squares by more than this, so float noise never counts as progress. */
  private static final double MIN_GAIN = 1e-12;
  /** Largest request first; equal requests keep their order (stable sort), so they form runs. */
  private static final Comparator<PendingStream> LARGEST_FIRST = PlacementRefinement::largestFirst;

  private final NodePool pool;
  /** The streams of this pool that this round placed, by node index, largest first; null for none. */
  private final List<List<PendingStream>> movable;
  /** Nodes holding movable streams; sources are taken from the top. */
  private final TreeSet<NodeLoad> sources = new TreeSet<>(NodeLoad.LEAST_LOADED_FIRST);
  private final int budget;

  private PlacementRefinement(NodePool pool, List<PendingStream> placed, int nodeCount) {
    this.pool = pool;
    this.movable = new ArrayList<>(Collections.nCopies(nodeCount, null));
    for (PendingStream p : placed) {
      on(p.node()).add(p);
    }
    for (List<PendingStream> streams : movable) {
      if (streams != null) {
        streams.sort(LARGEST_FIRST);
        sources.add(streams.get(0).node());
      }
    }
    this.budget = ATTEMPTS_PER_STREAM * placed.size() + SOURCES_TRIED * TARGETS_TRIED;
  }

  /**
   * Refines the placements that came from a pool (the others stay), pool by pool in order of
   * first use.
   *
   * @param nodeCount how many live nodes the round has (node indexes are below it)
   */
  static void refine(List<PendingStream> placed, int nodeCount) {
    List<NodePool> pools = new ArrayList<>();
    List<List<PendingStream>> byPool = new ArrayList<>();
    List<PendingStream> last = null;
    for (PendingStream p : placed) {
      if (p.pool() == null) {
        continue;
      }
      // a round places its streams in runs of the same pool, so the last one is usually it
      if (last == null || last.get(0).pool() != p.pool()) {
        int known = pools.indexOf(p.pool());
        if (known < 0) {
          pools.add(p.pool());
          byPool.add(new ArrayList<>());
          known = pools.size() - 1;
        }
        last = byPool.get(known);
      }
      last.add(p);
    }
    for (int i = 0; i < pools.size(); i++) {
      new PlacementRefinement(pools.get(i), byPool.get(i), nodeCount).run();
    }
  }

  /** The movable streams on {@code node}, created empty when there are none. */
  private List<PendingStream> on(NodeLoad node) {
    List<PendingStream> streams = movable.get(node.index());
    if (streams == null) {
      streams = new ArrayList<>();
      movable.set(node.index(), streams);
    }
    return streams;
  }

  private List<PendingStream> movableOn(NodeLoad node) {
    List<PendingStream> streams = movable.get(node.index());
    return streams == null ? List.of() : streams;
  }

  private void run() {
    int attempts = 0;
    while (attempts < budget) {
      List<NodeLoad> targets = pool.leastLoaded(TARGETS_TRIED);
      Change change = null;
      Iterator<NodeLoad> mostLoadedFirst = sources.descendingIterator();
      search:
      for (int s = 0; s < SOURCES_TRIED && mostLoadedFirst.hasNext(); s++) {
        NodeLoad source = mostLoadedFirst.next();
        for (NodeLoad target : targets) {
          if (target.score() >= source.score()) {
            break; // targets come least loaded first: no later one is lower either
          }
          attempts++;
          change = bestChange(source, target);
          if (change != null) {
            break search;
          }
        }
      }
      if (change == null) {
        return;
      }
      apply(change);
    }
  }

  /** The move or swap between {@code high} and {@code low} that lowers the sum of their squared scores most, or null. */
  private Change bestChange(NodeLoad high, NodeLoad low) {
    List<PendingStream> fromHigh = movableOn(high);
    List<PendingStream> fromLow = movableOn(low);
    int[] lowRuns = runStarts(fromLow);
    double bestAfter = square(high.score()) + square(low.score()) - MIN_GAIN;
    Change best = null;
    for (int i = 0; i < fromHigh.size(); i = nextRun(fromHigh, i)) {
      Resources out = fromHigh.get(i).request();
      if (low.fits(out)) {
        double after = square(high.scoreWith(-out.cpuMillis(), -out.memoryMb()))
            + square(low.scoreWith(out.cpuMillis(), out.memoryMb()));
        PendingStream moved = after < bestAfter ? firstApart(fromHigh, i, low) : null;
        if (moved != null) {
          best = new Change(moved, null, high, low);
          bestAfter = after;
        }
      }
      int level = firstRunAtMost(fromLow, lowRuns, out.cpuMillis() - levellingCpu(high, low, out));
      for (int r = Math.max(0, level - 1); r <= level && r < lowRuns.length; r++) {
        Resources back = fromLow.get(lowRuns[r]).request();
        if (!swapFits(high, out, back) || !swapFits(low, back, out)) {
          continue;
        }
        double after = square(high.scoreWith(back.cpuMillis() - out.cpuMillis(), back.memoryMb() - out.memoryMb()))
            + square(low.scoreWith(out.cpuMillis() - back.cpuMillis(), out.memoryMb() - back.memoryMb()));
        if (after < bestAfter) {
          PendingStream swappedOut = firstApart(fromHigh, i, low);
          PendingStream swappedBack = swappedOut == null ? null : firstApart(fromLow, lowRuns[r], high);
          if (swappedBack != null) {
            best = new Change(swappedOut, swappedBack, high, low);
            bestAfter = after;
          }
        }
      }
    }
    return best;
  }

  /**
   * About how many cpu_millis moving from {@code high} to {@code low} would bring their scores
   * level, judged by what {@code request} does to each score. Only a guide to the swap partner
   * worth looking at; every change is judged by its exact effect.
   */
  private static double levellingCpu(NodeLoad high, NodeLoad low, Resources request) {
    if (request.cpuMillis() <= 0) {
      return 0;
    }
    double perCpuHigh = (high.score() - high.scoreWith(-request.cpuMillis(), -request.memoryMb())) / request.cpuMillis();
    double perCpuLow = (low.scoreWith(request.cpuMillis(), request.memoryMb()) - low.score()) / request.cpuMillis();
    double perCpu = perCpuHigh + perCpuLow;
    return perCpu > 0 ? (high.score() - low.score()) / perCpu : 0;
  }

  /** Whether {@code node} has room for {@code in} once {@code out} has left it. */
  private static boolean swapFits(NodeLoad node, Resources out, Resources in) {
    return NodeLoad.fitsOne(in.cpuMillis(), node.freeCpu() + out.cpuMillis())
        && NodeLoad.fitsOne(in.memoryMb(), node.freeMemory() + out.memoryMb())
        && NodeLoad.fitsOne(in.gpu(), node.freeGpu() + out.gpu());
  }

  /** The first stream of the run at {@code start} that has no member of its spread group on {@code target}, or null. */
  private PendingStream firstApart(List<PendingStream> streams, int start, NodeLoad target) {
    int end = nextRun(streams, start);
    for (int i = start; i < end; i++) {
      PendingStream p = streams.get(i);
      if (p.group() == null || !p.group().has(target)) {
        return p;
      }
    }
    return null;
  }

  private void apply(Change change) {
    sources.remove(change.high());
    sources.remove(change.low());
    transfer(change.out(), change.high(), change.low());
    if (change.back() != null) {
      transfer(change.back(), change.low(), change.high());
    }
    for (NodeLoad node : List.of(change.high(), change.low())) {
      if (!movableOn(node).isEmpty()) {
        sources.add(node);
      }
    }
  }

  private void transfer(PendingStream p, NodeLoad from, NodeLoad to) {
    Resources request = p.request();
    from.release(request);
    to.reserve(request);
    on(from).remove(p);
    List<PendingStream> there = on(to);
    int at = there.size();
    while (at > 0 && LARGEST_FIRST.compare(there.get(at - 1), p) > 0) {
      at--;
    }
    there.add(at, p);
    p.moveTo(to);
  }

  /** The index where the run of requests equal to the one at {@code i} ends. */
  private static int nextRun(List<PendingStream> streams, int i) {
    Resources request = streams.get(i).request();
    int end = i + 1;
    while (end < streams.size() && sameRequest(streams.get(end).request(), request)) {
      end++;
    }
    return end;
  }

  private static boolean sameRequest(Resources a, Resources b) {
    return a == b || a.equals(b);
  }

  private static int[] runStarts(List<PendingStream> streams) {
    int count = 0;
    for (int i = 0; i < streams.size(); i = nextRun(streams, i)) {
      count++;
    }
    int[] starts = new int[count];
    int r = 0;
    for (int i = 0; i < streams.size(); i = nextRun(streams, i)) {
      starts[r++] = i;
    }
    return starts;
  }

  /** The first run (largest first) whose cpu_millis are at most {@code cpu}; {@code runs.length} when none. */
  private static int firstRunAtMost(List<PendingStream> streams, int[] runs, double cpu) {
    int lo = 0;
    int hi = runs.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (streams.get(runs[mid]).request().cpuMillis() > cpu) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** By cpu_millis, then memory, then GPUs, larger first; written out because it runs once per stream of a full placement. */
  private static int largestFirst(PendingStream a, PendingStream b) {
    Resources x = a.request();
    Resources y = b.request();
    if (x == y) {
      return 0;
    }
    int c = Integer.compare(y.cpuMillis(), x.cpuMillis());
    c = c != 0 ? c : Integer.compare(y.memoryMb(), x.memoryMb());
    return c != 0 ? c : Integer.compare(y.gpu(), x.gpu());
  }

  private static double square(double x) {
    return x * x;
  }

  /** {@code out} goes from {@code high} to {@code low}; {@code back}, when not null, the other way. */
  private record Change(PendingStream out, PendingStream back, NodeLoad high, NodeLoad low) {}
}
