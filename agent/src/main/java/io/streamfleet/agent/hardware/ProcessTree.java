package io.streamfleet.agent.hardware;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Finds a process and all its descendants in one snapshot of the process table. Pure.
 *
 * <p>A descendant whose parent exits is re-parented to init (or a subreaper) and so leaves the
 * tree; a processor that daemonises a child loses track of it. That is the kernel's view of
 * ownership, and the supervisor kills by process group anyway.
 */
final class ProcessTree {
  private ProcessTree() {}

  /** The root first, then its descendants breadth-first; empty when the root is not in the table. */
  static List<ProcessStat> of(long rootPid, Collection<ProcessStat> table) {
    Map<Long, ProcessStat> byPid = new HashMap<>();
    Map<Long, List<ProcessStat>> childrenByParent = new HashMap<>();
    for (ProcessStat process : table) {
      byPid.put(process.pid(), process);
      childrenByParent.computeIfAbsent(process.ppid(), ppid -> new ArrayList<>()).add(process);
    }
    ProcessStat root = byPid.get(rootPid);
    if (root == null) {
      return List.of();
    }
    List<ProcessStat> tree = new ArrayList<>();
    Set<Long> seen = new HashSet<>(); // a torn snapshot could in theory show a cycle
    Deque<ProcessStat> queue = new ArrayDeque<>(List.of(root));
    while (!queue.isEmpty()) {
      ProcessStat process = queue.removeFirst();
      if (seen.add(process.pid())) {
        tree.add(process);
        queue.addAll(childrenByParent.getOrDefault(process.pid(), List.of()));
      }
    }
    return tree;
  }
}
