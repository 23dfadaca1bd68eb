package io.streamfleet.server.state;

import io.streamfleet.model.Assignment;
import io.streamfleet.model.NodeRecord;
import io.streamfleet.model.command.AppendEvents;
import io.streamfleet.model.command.AnnounceServer;
import io.streamfleet.model.command.Command;
import io.streamfleet.model.command.CreateToken;
import io.streamfleet.model.command.EventsPublished;
import io.streamfleet.model.command.IssueNodeCertificate;
import io.streamfleet.model.command.PutProcessor;
import io.streamfleet.model.command.RevokeToken;
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

  /** Whether {@code command} can change an assignment or a node's state at all. */
  static boolean of(Command command) {
    return !(command instanceof AppendEvents || command instanceof EventsPublished || command instanceof AnnounceServer
        || command instanceof CreateToken || command instanceof RevokeToken || command instanceof IssueNodeCertificate
        || command instanceof PutProcessor || command instanceof io.streamfleet.model.command.PutRule
        || command instanceof io.streamfleet.model.command.FireRule || command instanceof io.streamfleet.model.command.EndRuleAction
        || command instanceof io.streamfleet.model.command.DeleteRule);
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
