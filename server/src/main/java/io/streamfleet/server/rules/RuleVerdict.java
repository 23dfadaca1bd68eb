package io.streamfleet.server.rules;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfleet.model.Json;
import java.util.List;
import java.util.SortedSet;

/**
 * A rule's condition at one moment: the votes in its window and whether its zone has quorum.
 *
 * @param votes the processor events that vote (kind, zone or group, confidence), oldest first
 * @param cameras the distinct cameras among them
 * @param nodes the distinct nodes among them
 * @param zoneNodes the nodes of the rule's zone (or that run its group's cameras)
 * @param liveNodes those of them that are ready
 * @param quorumNeeded live nodes the quorum requires
 * @param firstVoteMs the oldest vote's time, 0 when there is none
 */
public record RuleVerdict(
    List<Vote> votes,
    SortedSet<String> cameras,
    SortedSet<String> nodes,
    SortedSet<String> zoneNodes,
    SortedSet<String> liveNodes,
    int quorumNeeded,
    boolean consensus,
    long firstVoteMs) {

  /** One processor event that counts. */
  public record Vote(long eventId, String stream, String node, long atMs, double confidence) {}

  public boolean quorum() {
    return liveNodes.size() >= quorumNeeded;
  }

  /** Consensus and quorum: the rule would fire (or keep its action going). */
  public boolean fires() {
    return consensus && quorum();
  }

  /** consensus, no_quorum, or waiting (not enough votes yet). */
  public String state() {
    return !consensus ? "waiting" : quorum() ? "consensus" : "no_quorum";
  }

  /** What decided it, for the firing's log entry. */
  public JsonNode summary() {
    var o = Json.mapper().createObjectNode();
    o.set("cameras", Json.mapper().valueToTree(cameras));
    o.set("nodes", Json.mapper().valueToTree(nodes));
    o.put("votes", votes.size());
    o.put("live_nodes", liveNodes.size());
    o.put("zone_nodes", zoneNodes.size());
    o.put("quorum_needed", quorumNeeded);
    return o;
  }
}
