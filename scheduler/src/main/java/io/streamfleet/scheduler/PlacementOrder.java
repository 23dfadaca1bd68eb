package io.streamfleet.scheduler;

import io.streamfleet.model.Resources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The order a round places streams in: higher priority first; in a full placement, within a
 * priority, larger requests first (cpu_millis, then memory, then GPUs); then by id.
 *
 * <p>Priority first because a stream may only evict lower priorities, and streams placed earlier
 * in a round are never evicted in it. Largest first because placing each stream on the least
 * loaded node is then the "longest processing time first" rule of load balancing: the small
 * streams come last and fill the gaps the large ones left, so nodes end up within about one
 * small stream of each other instead of one large stream. It also packs better when room is
 * short, since the large streams find room before the small ones have split it up.
 *
 * <p>Cost: one sort by id, which is linear when the streams already come in id order (the
 * server's state keeps them so), then one stable pass that deals them into buckets by priority
 * and size, of which there are few (cameras share a handful of profiles). A single sort by the
 * whole order would compare ids n log n times instead.
 */
final class PlacementOrder {
  private static final Comparator<PendingStream> BY_ID = Comparator.comparing(PendingStream::id);

  private PlacementOrder() {}

  /**
   * The streams in placement order; {@code streams} may be changed (it is sorted by id).
   *
   * @param largestFirst whether size counts (a full placement) or only priority, then id (an
   *     incremental round, which places a few streams among many running ones)
   */
  static List<PendingStream> sorted(List<PendingStream> streams, boolean largestFirst) {
    streams.sort(BY_ID);
    Map<Rank, List<PendingStream>> buckets = new HashMap<>();
    Rank last = null;
    List<PendingStream> bucket = null;
    for (PendingStream stream : streams) {
      if (last == null || !last.matches(stream, largestFirst)) {
        last = Rank.of(stream, largestFirst);
        bucket = buckets.computeIfAbsent(last, r -> new ArrayList<>());
      }
      bucket.add(stream);
    }
    if (buckets.size() <= 1) {
      return streams;
    }
    List<Rank> ranks = new ArrayList<>(buckets.keySet());
    ranks.sort(null);
    List<PendingStream> ordered = new ArrayList<>(streams.size());
    for (Rank rank : ranks) {
      ordered.addAll(buckets.get(rank));
    }
    return ordered;
  }

  /** Where a stream's bucket comes: higher priority, then larger cpu, memory and GPU first. */
  private record Rank(int priority, int cpuMillis, int memoryMb, int gpu) implements Comparable<Rank> {
    static Rank of(PendingStream stream, boolean bySize) {
      Resources r = stream.request();
      return bySize ? new Rank(stream.priority(), r.cpuMillis(), r.memoryMb(), r.gpu()) : new Rank(stream.priority(), 0, 0, 0);
    }

    boolean matches(PendingStream stream, boolean bySize) {
      if (!bySize) {
        return priority == stream.priority();
      }
      Resources r = stream.request();
      return priority == stream.priority() && cpuMillis == r.cpuMillis() && memoryMb == r.memoryMb() && gpu == r.gpu();
    }

    @Override
    public int compareTo(Rank other) {
      int c = Integer.compare(other.priority, priority);
      c = c != 0 ? c : Integer.compare(other.cpuMillis, cpuMillis);
      c = c != 0 ? c : Integer.compare(other.memoryMb, memoryMb);
      return c != 0 ? c : Integer.compare(other.gpu, gpu);
    }
  }
}
