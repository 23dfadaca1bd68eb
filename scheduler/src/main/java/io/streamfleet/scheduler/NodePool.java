package io.streamfleet.scheduler;

import io.streamfleet.model.Resources;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * The ready nodes of one zone that could run a given kind of stream (same accelerator, label
 * selector and GPU need), least loaded first. Placing a stream is then a walk from the front of
 * the pool that usually stops at the first node: O(log n) instead of a scan of the cluster.
 */
final class NodePool {
  private final TreeSet<NodeLoad> ranked = new TreeSet<>(NodeLoad.LEAST_LOADED_FIRST);

  void add(NodeLoad node) {
    ranked.add(node);
  }

  void remove(NodeLoad node) {
    ranked.remove(node);
  }

  /**
   * The least loaded node with room for {@code request} that {@code skip} does not reject, or
   * null. Walks past full nodes and skipped ones; that is short in the usual case (a spread group
   * has few members; the least loaded node usually has room) and a full walk only when almost
   * nothing fits.
   */
  NodeLoad leastLoadedFitting(Resources request, Predicate<NodeLoad> skip) {
    for (NodeLoad node : ranked) {
      if (node.fits(request) && !skip.test(node)) {
        return node;
      }
    }
    return null;
  }

  Iterable<NodeLoad> nodes() {
    return ranked;
  }
}
