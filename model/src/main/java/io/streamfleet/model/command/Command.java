package io.streamfleet.model.command;

/**
 * A change to the replicated cluster state. Every command type has a permanent wire tag in
 * {@link CommandType}; commands are deterministic values (time and ids stamped in by the
 * proposer), so every server applying the same log reaches the same state.
 */
public sealed interface Command
    permits CreateStream, UpdateStream, DeleteStream, PutProcessor, DeleteProcessor,
        RegisterNode, NodeDown, NodeHealth, PlaceStreams, ReportStatus, ReportStatuses, AnnounceServer, CordonNode,
        CreateToken, RevokeToken, IssueNodeCertificate, RemoveNode, AdmitServer, AppendEvents, EventsPublished,
        PutRule, DeleteRule, FireRule, EndRuleAction, PutWebhook, DeleteWebhook, WebhookDelivered,
        SubmitJobs, DispatchJobs, ReportJobs, CancelJob, RetryJob, RequeueJobs, PurgeJobs, PutScenario, DeleteScenario, NodeSeen, MoveStreams, AbortHandovers, DrainNode, SetRollout {
  CommandMeta meta();

  /** The id of the thing this command changes, for the audit trail. */
  String target();

  /**
   * Whether the audit trail records this command. Operator and membership changes are audited;
   * high-rate bookkeeping from controllers and agents (placements, status reports) is not.
   */
  default boolean audited() {
    return true;
  }
}
