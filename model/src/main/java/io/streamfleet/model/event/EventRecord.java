package io.streamfleet.model.event;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One entry of the cluster's event log, as the event stream ({@code GET /api/v1/events}), MQTT and
 * webhooks carry it. {@code id} is assigned when the entry is committed: it grows by one per entry,
 * so a consumer that remembers the last id it saw resumes without a gap or a repeat.
 *
 * <p>A processor event is identified by (stream, epoch, seq) as well: the agent numbers the events
 * of each stream and epoch, and the log keeps only the first copy of each.
 *
 * @param type what happened: see {@link EventTypes}
 * @param atMs when it happened (a processor event: the agent's clock; others: the proposer's)
 * @param stream the stream, for processor, assignment and migration entries
 * @param epoch the instance's epoch (processor events, assignments, migrations)
 * @param seq the processor event's number within its stream and epoch
 * @param node where it happened: the processor's node, the node that changed state, the new node
 * @param fromNode a migration's old node
 * @param zone the stream's zone (processor events, placements) or the node's zone
 * @param kind a processor event's kind (motion, fire, ...); a node's new state; a firing's phase
 * @param reason why (node state changes, placements, firings)
 * @param rule the zone rule of a firing
 * @param payload the processor's JSON payload, or a firing's summary
 */
public record EventRecord(
    long id,
    String type,
    long atMs,
    String stream,
    Long epoch,
    Long seq,
    String node,
    String fromNode,
    String zone,
    String kind,
    String reason,
    String rule,
    JsonNode payload) {

  public EventRecord withId(long newId) {
    return new EventRecord(newId, type, atMs, stream, epoch, seq, node, fromNode, zone, kind, reason, rule, payload);
  }
}
