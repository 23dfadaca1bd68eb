package io.streamfleet.server.state;

import io.streamfleet.model.Assignment;
import io.streamfleet.model.NodeRecord;
import io.streamfleet.model.command.Command;
import io.streamfleet.model.command.CordonNode;
import io.streamfleet.model.command.CreateStream;
import io.streamfleet.model.command.DeleteStream;
import io.streamfleet.model.command.NodeDown;
import io.streamfleet.model.command.NodeHealth;
import io.streamfleet.model.command.PlaceStreams;
import io.streamfleet.model.command.RegisterNode;
import io.streamfleet.model.command.RemoveNode;
import io.streamfleet.model.command.ReportStatus;
import io.streamfleet.model.command.ReportStatuses;
import io.streamfleet.model.command.UpdateStream;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * What a command did to placements and node states, for the event log: it remembers both maps
 * before the command and reports every difference afterwards. Comparing whole maps keeps the
 * command handlers free of event bookkeeping, at the cost of a copy per command (records are
 * immutable, so a copy is one reference per stream and node).
 */
final class ChangeWatch {
  private final Map<String, Assignment> assignmentsBefore;
  private final Map<String, NodeRecord> nodesBefore;

  ChangeWatch(Map<String, Assignment> assignments, Map<String, NodeRecord> nodes) {
    this.assignmentsBefore = new HashMap<>(assignments);
    this.nodesBefore = new HashMap<>(nodes);
  }

  /** Commands that can change an assignment or a node's state. */
  static final Set<Class<? extends Command>> WATCHED = Set.of(CreateStream.class, UpdateStream.class, DeleteStream.class,
      RegisterNode.class, NodeDown.class, NodeHealth.class, CordonNode.class, PlaceStreams.class, ReportStatus.class,
      ReportStatuses.class, RemoveNode.class, io.streamfleet.model.command.NodeSeen.class,
      io.streamfleet.model.command.MoveStreams.class, io.streamfleet.model.command.DrainNode.class);

  /**
   * Whether {@code command} can change an assignment or a node's state. Every command type is
   * either in {@link #WATCHED} or known not to be ({@code ChangeWatchTest} fails on a new type
   * until it is sorted into one or the other), so no change misses the event log.
   */
  static boolean of(Command command) {
    return WATCHED.contains(command.getClass());
  }

  void report(Map<String, Assignment> assignments, Map<String, NodeRecord> nodes, EventLog log,
      Function<String, String> zoneOfStream, long atMs) {
    Set<String> nodeIds = new HashSet<>(nodesBefore.keySet());
    nodeIds.addAll(nodes.keySet());
    nodeIds.stream().filter(id -> nodesBefore.get(id) != nodes.get(id)).sorted()
        .forEach(id -> log.nodeChanged(nodesBefore.get(id), nodes.get(id), atMs));
    Set<String> streamIds = new HashSet<>(assignmentsBefore.keySet());
    streamIds.addAll(assignments.keySet());
    streamIds.stream().filter(id -> assignmentsBefore.get(id) != assignments.get(id)).sorted()
        .forEach(id -> log.assignmentChanged(assignmentsBefore.get(id), assignments.get(id), zoneOfStream.apply(id), atMs));
  }
}
