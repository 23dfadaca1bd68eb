package io.streamfleet.scheduler;

import io.streamfleet.model.Resources;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * The snapshot read once into per-node loads: every live node with what its streams reserve
 * (also on nodes that take no new streams), the streams that need placing, and which node each
 * running member of a spread group is on. One pass over the streams and one over the nodes;
 * everything else is built on demand.
 *
 * <p>That one pass is most of what an incremental round costs (a node loss in a 100,000-stream
 * cluster places about 100 streams but reads all 100,000), so it reads each stream once and
 * keeps what later steps need in plain arrays instead of having them read the snapshot again.
 */
final class ClusterLoad {
  /** Zone key of nodes that have no zone (zones are ids, so this never clashes with one). */
  static final String NO_ZONE = "";

  private final ClusterSnapshot snapshot;
  private final NodeIndex byId;
  private final List<NodeLoad> all;
  private final List<NodeLoad> schedulable;
  private final SortedMap<String, List<NodeLoad>> schedulableByZone;
  private final List<StreamSlot> pending;
  private final RunningMembers runningMembers;
  private Map<NodeLoad, List<StreamSlot>> running;

  private ClusterLoad(ClusterSnapshot snapshot, NodeIndex byId, List<NodeLoad> all, List<StreamSlot> pending,
      RunningMembers runningMembers) {
    this.snapshot = snapshot;
    this.byId = byId;
    this.all = all;
    this.pending = pending;
    this.runningMembers = runningMembers;
    this.schedulable = all.stream().filter(n -> n.node().schedulable()).toList();
    this.schedulableByZone = new TreeMap<>();
    for (NodeLoad n : schedulable) {
      schedulableByZone.computeIfAbsent(n.zoneKey(), z -> new ArrayList<>()).add(n);
    }
  }

  static ClusterLoad of(ClusterSnapshot snapshot, Weights weights) {
    List<NodeSlot> nodes = new ArrayList<>(snapshot.nodes());
    nodes.sort(Comparator.comparing(NodeSlot::id));
    List<NodeLoad> all = new ArrayList<>(nodes.size());
    for (NodeSlot node : nodes) {
      // sorted by id, so a duplicate id follows its first; the first wins
      if (all.isEmpty() || !all.getLast().id().equals(node.id())) {
        all.add(new NodeLoad(node, all.size(), node.zone() == null ? NO_ZONE : node.zone(), weights));
      }
    }
    NodeIndex byId = new NodeIndex(all);
    List<StreamSlot> pending = new ArrayList<>();
    RunningMembers members = new RunningMembers(snapshot.streams().size(), all.size());
    // Reservations are added up in arrays by node index, which stay in the cache; the nodes'
    // objects are written once at the end.
    long[] cpu = new long[all.size()];
    long[] memory = new long[all.size()];
    long[] gpu = new long[all.size()];
    for (StreamSlot stream : snapshot.streams()) {
      int on = byId.indexOf(stream.node());
      if (on == NodeIndex.ABSENT) {
        pending.add(stream);
      } else {
        Resources request = stream.request();
        cpu[on] += request.cpuMillis();
        memory[on] += request.memoryMb();
        gpu[on] += request.gpu();
        if (stream.spreadGroup() != null) {
          members.add(stream.spreadGroup(), on);
        }
      }
    }
    for (NodeLoad node : all) {
      node.addRunning(cpu[node.index()], memory[node.index()], gpu[node.index()]);
      node.rescore();
    }
    return new ClusterLoad(snapshot, byId, all, pending, members);
  }

  /** How many streams run on live nodes (the snapshot's streams that are not pending). */
  int runningCount() {
    return snapshot.streams().size() - pending.size();
  }

  /** Streams that need placing, in snapshot order. */
  List<StreamSlot> pending() {
    return pending;
  }

  /** Every live node, by id. */
  List<NodeLoad> all() {
    return all;
  }

  /** Nodes that take new streams, by id. */
  List<NodeLoad> schedulable() {
    return schedulable;
  }

  /** Zone key to the nodes there that take new streams (by id); zones sorted. */
  SortedMap<String, List<NodeLoad>> schedulableByZone() {
    return schedulableByZone;
  }

  NodeLoad node(String id) {
    int index = byId.indexOf(id);
    return index == NodeIndex.ABSENT ? null : all.get(index);
  }

  /**
   * The streams running on {@code node}, by id; a mutable list the caller keeps current (an
   * eviction or move takes a stream out). Built for all nodes on first use: only preemption and
   * rebalancing need it, so a plain placement round never pays for it.
   */
  List<StreamSlot> running(NodeLoad node) {
    if (running == null) {
      running = new IdentityHashMap<>();
      for (StreamSlot stream : snapshot.streams()) {
        NodeLoad on = node(stream.node());
        if (on != null) {
          running.computeIfAbsent(on, n -> new ArrayList<>()).add(stream);
        }
      }
      running.values().forEach(list -> list.sort(Comparator.comparing(StreamSlot::id)));
    }
    return running.computeIfAbsent(node, n -> new ArrayList<>());
  }

  /** The spread group of every running stream that has one, listed by node. */
  RunningMembers runningMembers() {
    return runningMembers;
  }

  ClusterSnapshot snapshot() {
    return snapshot;
  }

  /**
   * The group of each running member, listed by node. Only the group references are copied in
   * the pass: group names are one string per stream, scattered over the heap, and reading them
   * there would put a second cache miss behind each stream's. {@link SpreadIndex} reads them
   * later, and only those of the nodes a placement looks at.
   *
   * <p>Each node's members form a chain through {@link #next}, so that adding one in the pass is
   * two array writes and no node's list has to be sized or sorted out beforehand (a record or
   * list per stream would be 100,000 objects).
   */
  static final class RunningMembers {
    private static final String[] NONE = new String[0];

    private final int capacity;
    /** By node index: 1 + the position of the node's last member in {@link #groups}, 0 for none. */
    private final int[] last;
    /** Allocated at the first member, at full capacity (a round that places everything has none). */
    private String[] groups = NONE;
    /** By position: 1 + the position of the same node's member before it, 0 for none. */
    private int[] next = new int[0];
    private int size;

    /** @param capacity at least the number of streams (sized once, so the pass never copies) */
    private RunningMembers(int capacity, int nodeCount) {
      this.capacity = capacity;
      this.last = new int[nodeCount];
    }

    private void add(String group, int node) {
      if (size == groups.length) {
        groups = new String[capacity];
        next = new int[capacity];
      }
      groups[size] = group;
      next[size] = last[node];
      last[node] = ++size;
    }

    int size() {
      return size;
    }

    /** Calls {@code action} with the group of every member running on the node at {@code index}. */
    void forEachOn(int index, Consumer<String> action) {
      for (int at = last[index]; at != 0; at = next[at - 1]) {
        action.accept(groups[at - 1]);
      }
    }
  }
}
