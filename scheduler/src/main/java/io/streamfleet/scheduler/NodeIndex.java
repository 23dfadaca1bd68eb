package io.streamfleet.scheduler;

import java.util.List;

/**
 * Node id to the node's index among the round's live nodes, for the one lookup made per stream
 * of the snapshot (a node-loss round makes 100,000 of them to place 100 streams).
 *
 * <p>Open addressing in two parallel arrays at most a quarter full: a lookup reads the id's
 * cached hash, one key slot and, on a hit, the index beside it. A {@code HashMap} reads an entry
 * object first, one more dependent load per lookup. Keys are compared by identity first, since
 * snapshots often reuse the node's own id string.
 */
final class NodeIndex {
  static final int ABSENT = -1;

  private final String[] keys;
  private final int[] indexes;
  private final int mask;

  /** @param nodes nodes with distinct ids, each at its {@link NodeLoad#index()} */
  NodeIndex(List<NodeLoad> nodes) {
    int size = Integer.highestOneBit(Math.max(8, 4 * nodes.size()) - 1) << 1;
    this.keys = new String[size];
    this.indexes = new int[size];
    this.mask = size - 1;
    for (NodeLoad node : nodes) {
      int slot = slotOf(node.id());
      while (keys[slot] != null) {
        slot = (slot + 1) & mask;
      }
      keys[slot] = node.id();
      indexes[slot] = node.index();
    }
  }

  /** The index of the node with this id, or {@link #ABSENT} (also for a null id). */
  int indexOf(String id) {
    if (id == null) {
      return ABSENT;
    }
    for (int slot = slotOf(id); ; slot = (slot + 1) & mask) {
      String key = keys[slot];
      if (key == id) {
        return indexes[slot];
      }
      if (key == null) {
        return ABSENT;
      }
      if (key.hashCode() == id.hashCode() && key.equals(id)) {
        return indexes[slot];
      }
    }
  }

  private int slotOf(String id) {
    int h = id.hashCode();
    return (h ^ (h >>> 16)) & mask;
  }
}
