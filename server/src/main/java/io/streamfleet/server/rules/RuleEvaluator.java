package io.streamfleet.server.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfleet.model.Assignment;
import io.streamfleet.model.NodeRecord;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.model.event.EventRecord;
import io.streamfleet.model.event.EventTypes;
import io.streamfleet.model.rule.RuleSpec;
import io.streamfleet.server.state.ClusterState;
import io.streamfleet.server.state.StoredStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * Evaluates a rule against the replicated state: the event log's votes within the window, the
 * cameras that vote, the zone's nodes and which of them are alive. Pure (the time is a parameter),
 * so the leader's controller, the status endpoint and the dry-run test give the same answer.
 */
public final class RuleEvaluator {
  /** Agents' clocks differ: the backward scan stops this far past the window's start. */
  static final long CLOCK_SKEW_MS = 60_000;

  private RuleEvaluator() {}

  public static RuleVerdict evaluate(RuleSpec rule, ClusterState s, long nowMs) {
    return evaluate(rule, s, nowMs, Long.MIN_VALUE);
  }

  /**
   * The verdict counting only votes after {@code afterMs} as well as within the window: whether
   * detections since an action started (or was last extended) re-confirm it.
   */
  public static RuleVerdict evaluate(RuleSpec rule, ClusterState s, long nowMs, long afterMs) {
    Set<String> voters = votingCameras(rule, s);
    long start = Math.max(nowMs - rule.windowMs(), afterMs == Long.MIN_VALUE ? Long.MIN_VALUE : afterMs + 1);
    List<RuleVerdict.Vote> votes = new ArrayList<>();
    for (EventRecord e : s.recentEvents(start - CLOCK_SKEW_MS)) {
      if (e.atMs() < start || e.atMs() > nowMs + CLOCK_SKEW_MS || !EventTypes.PROCESSOR.equals(e.type())
          || !rule.eventKind().equals(e.kind()) || !voters.contains(e.stream())) {
        continue;
      }
      double confidence = confidence(e.payload());
      if (confidence >= rule.minConfidence()) {
        votes.add(new RuleVerdict.Vote(e.id(), e.stream(), e.node(), e.atMs(), confidence));
      }
    }
    SortedSet<String> cameras = new TreeSet<>();
    SortedSet<String> nodes = new TreeSet<>();
    long first = 0;
    for (RuleVerdict.Vote v : votes) {
      cameras.add(v.stream());
      nodes.add(v.node());
      first = first == 0 ? v.atMs() : Math.min(first, v.atMs());
    }
    SortedSet<String> zoneNodes = zoneNodes(rule, s, voters);
    SortedSet<String> live = new TreeSet<>();
    for (String n : zoneNodes) {
      NodeRecord node = s.node(n);
      if (node != null && node.state() == NodeState.READY) {
        live.add(n);
      }
    }
    boolean consensus = cameras.size() >= rule.minCameras() && nodes.size() >= rule.minNodes();
    return new RuleVerdict(List.copyOf(votes), cameras, nodes, zoneNodes, live, rule.quorumOf(zoneNodes.size()), consensus, first);
  }

  /** The cameras of the rule's zone (its own or an overlap zone) or of its spread group. */
  static Set<String> votingCameras(RuleSpec rule, ClusterState s) {
    Set<String> out = new TreeSet<>();
    for (StoredStream stored : s.streams()) {
      StreamSpec spec = stored.spec();
      boolean votes = rule.zone() != null
          ? rule.zone().equals(spec.zone()) || spec.overlapZones().contains(rule.zone())
          : rule.spreadGroup().equals(spec.spreadGroup());
      if (votes) {
        out.add(spec.id());
      }
    }
    return out;
  }

  /** A zone rule counts the zone's nodes; a group rule the nodes its cameras run on. */
  private static SortedSet<String> zoneNodes(RuleSpec rule, ClusterState s, Set<String> voters) {
    SortedSet<String> out = new TreeSet<>();
    if (rule.zone() != null) {
      s.nodes().stream().filter(n -> rule.zone().equals(n.zone())).forEach(n -> out.add(n.id()));
    } else {
      for (String stream : voters) {
        Assignment a = s.assignment(stream);
        if (a != null && a.node() != null) {
          out.add(a.node());
        }
      }
    }
    return out;
  }

  /**
   * The detection's confidence: {@code confidence} or {@code score} in the payload (0..1, or a
   * percentage above 1), or 1 when the processor reports none (motion has no confidence).
   */
  public static double confidence(JsonNode payload) {
    if (payload == null || !payload.isObject()) {
      return 1;
    }
    JsonNode c = payload.has("confidence") ? payload.get("confidence") : payload.get("score");
    if (c == null || !c.isNumber()) {
      return 1;
    }
    double v = c.asDouble();
    return v > 1 ? v / 100 : v;
  }
}
