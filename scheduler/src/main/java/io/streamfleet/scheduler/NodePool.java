package io.streamfleet.scheduler;

import io.streamfleet.model.Resources;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * The ready nodes of one zone that could run a given kind of stream (same accelerator, label
 * selector and GPU need), least loaded first. Placing a stream is then a look at the front of the
 * pool that usually stops at the first node.
 *
 * <p>Design note. The pool is a tournament tree over its members in id order: each leaf holds a
 * member, each inner entry the least loaded member below it (equal scores: the lower id, which is
 * the lower position). The least loaded member is the root, read in O(1); a change of one
 * member's score replays the matches on its path to the root, O(log n) comparisons and nothing
 * allocated. A placement changes a score every time, so this beats a sorted set, whose remove and
 * re-insert also compare ids whenever scores tie (and on identical nodes they tie all the time).
 * A match compares the scores as longs ({@link #sortable}, the same order as {@link
 * Double#compare}), which the JIT turns into conditional moves rather than branches it would
 * mispredict half the time. When the front node is full or rejected, the next ones come from a
 * best-first walk of the tree (a small heap of subtrees keyed by their least loaded member), so
 * members still come in exactly the order (score, id).
 */
final class NodePool {
  /** By id, so that a lower position means a lower id. */
  private final NodeLoad[] members;
  /**
   * The members' scores as {@link #sortable} longs, kept current by {@link #rescored}; one more
   * entry past the members, {@link Long#MAX_VALUE}, stands for "nobody" in the empty leaves.
   */
  private final long[] keys;
  /** 1-based: entry 1 is the root, the leaves start at {@link #width}; each entry holds a position. */
  private final int[] winner;
  private final int width;
  /** The position of "nobody" (members.length): it loses every match against a member. */
  private final int none;
  /** The best-first walk's heap of tree entries; kept between calls so a walk allocates nothing. */
  private int[] frontier = new int[32];

  /** @param members the pool's nodes, in id order */
  NodePool(List<NodeLoad> members) {
    this.members = members.toArray(new NodeLoad[0]);
    this.none = this.members.length;
    this.keys = new long[none + 1];
    this.keys[none] = Long.MAX_VALUE;
    this.width = Integer.highestOneBit(Math.max(1, none - 1)) << 1;
    this.winner = new int[2 * width];
    Arrays.fill(winner, none);
    for (int position = 0; position < none; position++) {
      keys[position] = sortable(this.members[position].score());
      winner[width + position] = position;
      this.members[position].joinPool(this, position);
    }
    for (int entry = width - 1; entry >= 1; entry--) {
      winner[entry] = better(winner[2 * entry], winner[2 * entry + 1]);
    }
  }

  /** Called by {@link NodeLoad} whenever the score of the member at {@code position} changed. */
  void rescored(int position) {
    keys[position] = sortable(members[position].score());
    for (int entry = (width + position) >>> 1; entry >= 1; entry >>>= 1) {
      winner[entry] = better(winner[2 * entry], winner[2 * entry + 1]);
    }
  }

  /**
   * A long that sorts like the double under {@link Double#compare} (negative numbers, -0.0 and
   * NaN included): the bits of a non-negative double already do; a negative one's bits are
   * flipped so that it sorts below, larger magnitudes lower.
   */
  static long sortable(double score) {
    long bits = Double.doubleToLongBits(score);
    return bits ^ ((bits >> 63) & Long.MAX_VALUE);
  }

  /**
   * The least loaded node with room for {@code request} that {@code skip} does not reject, or
   * null. Walks past full nodes and skipped ones; that is short in the usual case (a spread group
   * has few members; the least loaded node usually has room) and a full walk only when almost
   * nothing fits.
   */
  NodeLoad leastLoadedFitting(Resources request, Predicate<NodeLoad> skip) {
    int front = winner[1];
    if (front == none) {
      return null;
    }
    if (accepts(front, request, skip)) {
      return members[front];
    }
    int size = push(0, 1);
    while (size > 0) {
      int entry = frontier[0];
      size = pop(size);
      if (entry >= width) {
        int position = entry - width;
        if (position != front && accepts(position, request, skip)) {
          return members[position];
        }
      } else {
        size = push(size, 2 * entry);
        size = push(size, 2 * entry + 1);
      }
    }
    return null;
  }

  /** Up to {@code count} members, least loaded first (ties by id). */
  List<NodeLoad> leastLoaded(int count) {
    List<NodeLoad> found = new ArrayList<>(Math.min(count, members.length));
    int size = winner[1] == none ? 0 : push(0, 1);
    while (size > 0 && found.size() < count) {
      int entry = frontier[0];
      size = pop(size);
      if (entry >= width) {
        found.add(members[entry - width]);
      } else {
        size = push(size, 2 * entry);
        size = push(size, 2 * entry + 1);
      }
    }
    return found;
  }

  /** The members, by id. */
  List<NodeLoad> nodes() {
    return Arrays.asList(members);
  }

  private boolean accepts(int position, Resources request, Predicate<NodeLoad> skip) {
    NodeLoad node = members[position];
    return node.fits(request) && !skip.test(node);
  }

  /** The less loaded of two positions (equal scores: the lower position); "nobody" loses to any member. */
  private int better(int a, int b) {
    long keyA = keys[a];
    long keyB = keys[b];
    // & and | rather than && and ||: no branches, see the design note
    return keyA < keyB | (keyA == keyB & a < b) ? a : b;
  }

  /** Whether tree entry {@code x} comes before {@code y} in the walk: its least loaded member does. */
  private boolean before(int x, int y) {
    int a = winner[x];
    int b = winner[y];
    return a != b && better(a, b) == a;
  }

  // The frontier is a binary min-heap of tree entries; an entry with no member never enters it.

  private int push(int size, int entry) {
    if (winner[entry] == none) {
      return size;
    }
    if (size == frontier.length) {
      frontier = Arrays.copyOf(frontier, 2 * size);
    }
    int i = size;
    while (i > 0 && before(entry, frontier[(i - 1) >>> 1])) {
      frontier[i] = frontier[(i - 1) >>> 1];
      i = (i - 1) >>> 1;
    }
    frontier[i] = entry;
    return size + 1;
  }

  private int pop(int size) {
    int last = frontier[--size];
    int i = 0;
    while (2 * i + 1 < size) {
      int child = 2 * i + 1;
      if (child + 1 < size && before(frontier[child + 1], frontier[child])) {
        child++;
      }
      if (!before(frontier[child], last)) {
        break;
      }
      frontier[i] = frontier[child];
      i = child;
    }
    frontier[i] = last;
    return size;
  }
}
