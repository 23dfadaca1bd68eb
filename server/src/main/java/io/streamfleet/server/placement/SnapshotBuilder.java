package io.streamfleet.server.placement;

import io.streamfleet.model.Assignment;
import io.streamfleet.model.NodeRecord;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.Resources;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.model.DriverKind;
import io.streamfleet.model.ProcessorSpec;
import io.streamfleet.scheduler.ClusterSnapshot;
import io.streamfleet.scheduler.ExecLabels;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import io.streamfleet.scheduler.NodeSlot;
import io.streamfleet.scheduler.StreamSlot;
import io.streamfleet.server.state.ClusterState;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns the committed state into the scheduler's snapshot. Ready nodes take new streams;
 * suspect, cordoned and draining nodes keep theirs but take none; down and drained nodes are
 * left out, so their streams need placing; HTTP workers run jobs only and are left out too.
 */
public final class SnapshotBuilder {
  private SnapshotBuilder() {}

  /**
   * @param measured a node's measured use, or null when unknown
   * @param waiting pending streams that must not be placed yet (exclusive streams whose old
   *     lease may still run); they are left out
   * @param lostNode a node to treat as gone (planning a node loss before it is committed), or null
   */
  public static ClusterSnapshot build(ClusterState state, Function<String, Resources> measured, Predicate<String> waiting,
      String lostNode) {
    return build(state, measured, waiting, lostNode, false);
  }

  /**
   * @param withJobs whether the active job attempts are in the snapshot too (as the lowest-priority
   *     slots, so that placing a stream may preempt them); rebalancing leaves them out, since
   *     moving streams around short-lived jobs would only churn
   */
  public static ClusterSnapshot build(ClusterState state, Function<String, Resources> measured, Predicate<String> waiting,
      String lostNode, boolean withJobs) {
    // Exec is a privilege each node grants: an exec stream asks for a label that only nodes whose
    // agent runs its program carry. Programs are per processor spec (few), looked up once.
    Map<String, String> programOfProcessor = new HashMap<>();
    state.processors().forEach(p -> {
      String program = execProgram(p);
      if (program != null) {
        programOfProcessor.put(p.name(), program);
      }
    });
    Set<String> programs = new TreeSet<>(programOfProcessor.values());
    // A move's successor holds room on its node (the state counts it): the scheduler must not plan
    // into that room, or the apply skips the plan and the next round plans it again.
    Map<String, Resources> reserved = new HashMap<>();
    for (Assignment a : state.assignments()) {
      if (a.handover() != null) {
        reserved.merge(a.handover().toNode(), state.stream(a.streamId()).spec().resources(), Resources::plus);
      }
    }
    List<NodeSlot> nodes = new ArrayList<>();
    for (NodeRecord n : state.nodes()) {
      if (n.state() == NodeState.DOWN || n.effectiveState() == NodeState.DRAINED || n.id().equals(lostNode) || n.isHttpWorker()) {
        continue;
      }
      SortedMap<String, String> labels = n.labels();
      if (!programs.isEmpty()) {
        labels = new TreeMap<>(labels);
        for (String program : programs) {
          if (n.exec().refusal(program) == null) {
            labels.put(ExecLabels.of(program), "allowed");
          }
        }
      }
      Resources held = reserved.get(n.id());
      nodes.add(new NodeSlot(n.id(), n.zone(), labels, held == null ? n.capacity() : n.capacity().less(held),
          n.effectiveState() == NodeState.READY, measured.apply(n.id())));
    }
    List<StreamSlot> streams = new ArrayList<>();
    for (Assignment a : state.assignments()) {
      if (a.node() == null && waiting.test(a.streamId())) {
        continue;
      }
      StreamSpec s = state.stream(a.streamId()).spec();
      SortedMap<String, String> selector = s.nodeSelector();
      String program = programOfProcessor.get(s.processor());
      if (program != null) {
        selector = new TreeMap<>(selector);
        selector.put(ExecLabels.of(program), "allowed");
      }
      streams.add(new StreamSlot(s.id(), s.resources(), s.zone(), s.overlapZones(), selector, s.priority(), s.spreadGroup(),
          a.node()));
    }
    if (withJobs) {
      JobPlacement.activeJobSlots(state).stream().filter(j -> !j.node().equals(lostNode)).forEach(streams::add);
    }
    return new ClusterSnapshot(nodes, streams);
  }

  /** The program an exec processor runs, or null for builtin processors. */
  static String execProgram(ProcessorSpec p) {
    if (p.driver() != DriverKind.EXEC || p.command() == null || p.command().isEmpty()) {
      return null;
    }
    return p.command().get(0);
  }
}
