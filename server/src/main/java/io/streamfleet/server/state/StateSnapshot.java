package io.streamfleet.server.state;

import io.streamfleet.model.event.EventRecord;
import io.streamfleet.model.security.NodeCertificate;
import io.streamfleet.model.security.TokenRecord;

import io.streamfleet.model.Assignment;
import io.streamfleet.model.AuditEntry;
import io.streamfleet.model.NodeRecord;
import io.streamfleet.model.ProcessorSpec;
import java.util.List;
import java.util.Map;

/**
 * The whole cluster state as one value: what a Raft snapshot file holds (as JSON). Lists are in
 * key order, so equal states produce equal bytes.
 *
 * @param format the state format; readers refuse formats newer than {@link #FORMAT}
 * @param serverRpcAddresses server id → agent RPC address (absent in snapshots written before it existed)
 * @param fences exclusive instances told to stop and not yet known dead (absent in older snapshots)
 * @param appliedIndex the log index of the last command applied (absent in older snapshots)
 * @param retiredEpochs the last epoch of each deleted stream id (absent in older snapshots)
 * @param tokens API and join tokens, secrets as hashes (absent in older snapshots)
 * @param nodeCertificates node certificates that still authenticate (absent in older snapshots)
 * @param bootstrapTokenId the cluster's first admin token, once created (absent in older snapshots)
 * @param events the event log's newest entries (absent in older snapshots)
 * @param eventsTaken stream → [epoch, seq] of the newest processor event taken (absent in older snapshots)
 * @param lastEventId the id of the newest event-log entry (absent in older snapshots)
 * @param publishedEventId the leader published entries up to here (absent in older snapshots)
 * @param rules zone consensus rules and their firings (absent in older snapshots)
 * @param webhooks webhooks and how far each was delivered (absent in older snapshots)
 * @param jobs every job kept, in submission order (absent in older snapshots)
 * @param scenarios the FFmpeg scenarios (absent in older snapshots: the built-in ones)
 * @param nextJobSeq the next job's submission number (absent in older snapshots)
 * @param httpSeenMs HTTP worker → when it was last seen (absent in older snapshots)
 * @param rollouts processor rollouts and the older processor versions streams still run (absent in older snapshots)
 * @param handoverEvents make-before-break moves' held events and frame boundaries (absent in older snapshots)
 */
public record StateSnapshot(
    int format,
    List<StoredStream> streams,
    List<ProcessorSpec> processors,
    List<NodeRecord> nodes,
    List<Assignment> assignments,
    List<AuditEntry> audit,
    long nextAuditSeq,
    Map<String, String> serverRpcAddresses,
    List<StopFence> fences,
    Long appliedIndex,
    Map<String, Long> retiredEpochs,
    List<TokenRecord> tokens,
    List<NodeCertificate> nodeCertificates,
    String bootstrapTokenId,
    List<EventRecord> events,
    Map<String, long[]> eventsTaken,
    Long lastEventId,
    Long publishedEventId,
    List<io.streamfleet.model.rule.RuleState> rules,
    List<io.streamfleet.model.webhook.WebhookState> webhooks,
    List<io.streamfleet.model.job.JobRecord> jobs,
    List<io.streamfleet.model.job.Scenario> scenarios,
    Long nextJobSeq,
    Map<String, Long> httpSeenMs,
    Rollouts.Saved rollouts,
    HandoverEvents.Saved handoverEvents) {
  public static final int FORMAT = 1;

  public StateSnapshot(int format, List<StoredStream> streams, List<ProcessorSpec> processors, List<NodeRecord> nodes,
      List<Assignment> assignments, List<AuditEntry> audit, long nextAuditSeq, Map<String, String> serverRpcAddresses) {
    this(format, streams, processors, nodes, assignments, audit, nextAuditSeq, serverRpcAddresses, List.of(), 0L, Map.of(),
        List.of(), List.of(), null, List.of(), Map.of(), 0L, 0L, List.of(), List.of(), List.of(), null, 0L, Map.of(), null, null);
  }
}
