package io.streamfleet.scheduler;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Which nodes hold members of which spread group, and how many. Only the groups someone asks
 * about are tracked (the groups of the streams being placed), so a round that places a lost
 * node's streams does not index the whole cluster's groups.
 *
 * <p>Design note. The running members of the tracked groups are counted node by node, the first
 * time anyone asks about a node, not all at once. Counting means reading each running stream's
 * group name, one string per stream, scattered over the heap: 100,000 cache misses for a node
 * loss in a 100,000-stream cluster, most of the round's cost. Placing the lost node's 100 streams
 * only looks at the front of its pools, a hundred or two nodes, so counting just those reads a
 * fraction of the names. On a node, names are first checked against a filter of the tracked
 * groups' hashes (a bit per hash, in a table that stays in the cache), and only those that pass
 * are looked up by name. The counts are the same either way; only when they are read differs.
 * So every {@link Members} operation counts its node first, and no group may be tracked after
 * counting has begun ({@link #trackingDone}).
 */
final class SpreadIndex {
  /** Bits in the hash filter: enough that a few thousand tracked groups let few strangers through. */
  private static final int FILTER_BITS = 1 << 16;

  private final Map<String, Members> members = new HashMap<>();
  private final ClusterLoad load;
  /** By node index: whether the running members of the tracked groups there are counted. */
  private final boolean[] counted;
  /** True once nothing is left to count (no running members, or all counted). */
  private boolean countedEverywhere;
  /** Bits of the tracked groups' hashes; null until {@link #trackingDone}. */
  private long[] filter;
  /** The group {@link #track} was last asked for, and its members: a site's cameras mostly have neighbouring ids. */
  private String lastTracked;
  private Members lastMembers;

  private SpreadIndex(ClusterLoad load) {
    this.load = load;
    this.counted = new boolean[load.all().size()];
  }

  /**
   * An index of the groups passed to {@link #track}; their running members count once {@link
   * #trackingDone} is called.
   */
  static SpreadIndex tracking(ClusterLoad load) {
    return new SpreadIndex(load);
  }

  /** Tracks every group of the streams on live nodes, counted at once. */
  static SpreadIndex ofAllPlaced(ClusterLoad load) {
    SpreadIndex index = new SpreadIndex(load);
    index.countedEverywhere = true;
    for (NodeLoad node : load.all()) {
      load.runningMembers().forEachOn(node.index(), group -> index.track(group).add(node));
    }
    return index;
  }

  /** Starts tracking {@code group} (no-op when tracked already); its members, or null for no group. */
  Members track(String group) {
    if (group == null) {
      return null;
    }
    if (group.equals(lastTracked)) {
      return lastMembers;
    }
    if (filter != null) {
      throw new IllegalStateException("group " + group + " tracked after counting began; track every group before"
          + " trackingDone()");
    }
    Members tracked = members.get(group);
    if (tracked == null) {
      tracked = new Members();
      members.put(group, tracked);
    }
    lastTracked = group;
    lastMembers = tracked;
    return tracked;
  }

  /** Every group is tracked: from now on running members count, node by node, when asked about. */
  void trackingDone() {
    filter = new long[FILTER_BITS / 64];
    if (members.isEmpty() || load.runningMembers().size() == 0) {
      countedEverywhere = true;
      return;
    }
    for (String group : members.keySet()) {
      int bit = filterBit(group.hashCode());
      filter[bit >>> 6] |= 1L << bit;
    }
  }

  /** Counts the running members of the tracked groups on {@code node}, unless that is done. */
  private void countRunningOn(NodeLoad node) {
    if (countedEverywhere || counted[node.index()]) {
      return;
    }
    counted[node.index()] = true;
    load.runningMembers().forEachOn(node.index(), group -> {
      int bit = filterBit(group.hashCode());
      if ((filter[bit >>> 6] & (1L << bit)) != 0) {
        Members tracked = members.get(group);
        if (tracked != null) {
          tracked.bump(node, +1);
        }
      }
    });
  }

  private void countRunningEverywhere() {
    if (!countedEverywhere) {
      load.all().forEach(this::countRunningOn);
      countedEverywhere = true;
    }
  }

  private static int filterBit(int hash) {
    return (hash ^ (hash >>> 16)) & (FILTER_BITS - 1);
  }

  /** The members of a tracked group, or null for no group or one nobody tracks. */
  Members of(String group) {
    return group == null ? null : members.get(group);
  }

  int count(String group, NodeLoad node) {
    Members nodes = of(group);
    return nodes == null ? 0 : nodes.count(node);
  }

  boolean has(String group, NodeLoad node) {
    return count(group, node) > 0;
  }

  /** The nodes holding members of {@code group}, by id. */
  List<NodeLoad> nodesOf(String group) {
    Members nodes = of(group);
    return nodes == null ? List.of() : nodes.nodesById();
  }

  /** No-op for a group nobody tracks. */
  void add(String group, NodeLoad node) {
    Members nodes = of(group);
    if (nodes != null) {
      nodes.add(node);
    }
  }

  void remove(String group, NodeLoad node) {
    Members nodes = of(group);
    if (nodes != null) {
      nodes.remove(node);
    }
  }

  /**
   * The nodes holding members of one group, with how many each holds. Groups are mostly a few
   * cameras of one place, so the nodes are kept in two short arrays and scanned. A group spread
   * over more than {@link #SCANNED} nodes also gets a table by node index, so that asking about a
   * node stays O(1) however large the group grows.
   */
  final class Members {
    private static final int SCANNED = 8;

    private NodeLoad[] nodes = new NodeLoad[4];
    private int[] counts = new int[4];
    private int size;
    /** Node index to its slot + 1 (0: holds none); only for groups on more than {@link #SCANNED} nodes. */
    private int[] slotByIndex;

    private Members() {}

    int count(NodeLoad node) {
      countRunningOn(node);
      int slot = slotOf(node);
      return slot < 0 ? 0 : counts[slot];
    }

    boolean has(NodeLoad node) {
      return count(node) > 0;
    }

    void add(NodeLoad node) {
      countRunningOn(node);
      bump(node, +1);
    }

    void remove(NodeLoad node) {
      countRunningOn(node);
      bump(node, -1);
    }

    List<NodeLoad> nodesById() {
      countRunningEverywhere();
      List<NodeLoad> sorted = new ArrayList<>(Arrays.asList(nodes).subList(0, size));
      sorted.sort(Comparator.comparingInt(NodeLoad::index));
      return sorted;
    }

    /** Adds {@code delta} (+1 or -1) members on {@code node}; a node whose count falls to 0 is dropped. */
    private void bump(NodeLoad node, int delta) {
      int slot = slotOf(node);
      if (slot >= 0) {
        counts[slot] += delta;
        if (counts[slot] <= 0) {
          drop(slot);
        }
      } else if (delta > 0) {
        append(node, delta);
      }
    }

    private void append(NodeLoad node, int count) {
      if (size == nodes.length) {
        nodes = Arrays.copyOf(nodes, 2 * size);
        counts = Arrays.copyOf(counts, 2 * size);
      }
      nodes[size] = node;
      counts[size] = count;
      size++;
      if (slotByIndex != null) {
        slotByIndex[node.index()] = size;
      } else if (size > SCANNED) {
        slotByIndex = new int[load.all().size()];
        for (int s = 0; s < size; s++) {
          slotByIndex[nodes[s].index()] = s + 1;
        }
      }
    }

    private void drop(int slot) {
      NodeLoad node = nodes[slot];
      size--;
      nodes[slot] = nodes[size];
      counts[slot] = counts[size];
      nodes[size] = null;
      if (slotByIndex != null) {
        slotByIndex[node.index()] = 0;
        if (slot < size) {
          slotByIndex[nodes[slot].index()] = slot + 1;
        }
      }
    }

    private int slotOf(NodeLoad node) {
      if (slotByIndex != null) {
        return slotByIndex[node.index()] - 1;
      }
      for (int s = 0; s < size; s++) {
        if (nodes[s] == node) {
          return s;
        }
      }
      return -1;
    }
  }
}
