package io.streamfleet.model.command;

import java.util.HashMap;
import java.util.Map;

/**
 * The permanent wire tag of every command type. Append-only: never rename, reuse or remove a
 * tag, because old logs and snapshots still hold it. A changed shape gets a new format version
 * (see {@link CommandCodec}), not a new meaning for an old tag. {@code CommandTypeTest} pins
 * this list.
 */
public enum CommandType {
  STREAM_CREATE("stream.create", CreateStream.class),
  STREAM_UPDATE("stream.update", UpdateStream.class),
  STREAM_DELETE("stream.delete", DeleteStream.class),
  PROCESSOR_PUT("processor.put", PutProcessor.class),
  PROCESSOR_DELETE("processor.delete", DeleteProcessor.class),
  NODE_REGISTER("node.register", RegisterNode.class),
  NODE_DOWN("node.down", NodeDown.class),
  ASSIGNMENT_PLACE("assignment.place", PlaceStreams.class),
  ASSIGNMENT_STATUS("assignment.status", ReportStatus.class),
  SERVER_ANNOUNCE("server.announce", AnnounceServer.class),
  NODE_HEALTH("node.health", NodeHealth.class),
  ASSIGNMENT_STATUSES("assignment.statuses", ReportStatuses.class),
  NODE_CORDON("node.cordon", CordonNode.class),
  TOKEN_CREATE("token.create", CreateToken.class),
  TOKEN_REVOKE("token.revoke", RevokeToken.class),
  NODE_CERTIFICATE("node.certificate", IssueNodeCertificate.class),
  NODE_REMOVE("node.remove", RemoveNode.class),
  SERVER_ADMIT("server.admit", AdmitServer.class),
  EVENTS_APPEND("events.append", AppendEvents.class),
  EVENTS_PUBLISHED("events.published", EventsPublished.class),
  RULE_PUT("rule.put", PutRule.class),
  RULE_DELETE("rule.delete", DeleteRule.class),
  RULE_FIRE("rule.fire", FireRule.class),
  RULE_END("rule.end", EndRuleAction.class),
  WEBHOOK_PUT("webhook.put", PutWebhook.class),
  WEBHOOK_DELETE("webhook.delete", DeleteWebhook.class),
  WEBHOOK_DELIVERED("webhook.delivered", WebhookDelivered.class),
  JOB_SUBMIT("job.submit", SubmitJobs.class),
  JOB_DISPATCH("job.dispatch", DispatchJobs.class),
  JOB_REPORT("job.report", ReportJobs.class),
  JOB_CANCEL("job.cancel", CancelJob.class),
  JOB_RETRY("job.retry", RetryJob.class),
  JOB_REQUEUE("job.requeue", RequeueJobs.class),
  JOB_PURGE("job.purge", PurgeJobs.class),
  SCENARIO_PUT("scenario.put", PutScenario.class),
  SCENARIO_DELETE("scenario.delete", DeleteScenario.class),
  NODE_SEEN("node.seen", NodeSeen.class),
  STREAM_MOVE("stream.move", MoveStreams.class),
  HANDOVER_ABORT("handover.abort", AbortHandovers.class),
  NODE_DRAIN("node.drain", DrainNode.class),
  ROLLOUT_SET("rollout.set", SetRollout.class);

  private static final Map<String, CommandType> BY_TAG = new HashMap<>();
  private static final Map<Class<?>, CommandType> BY_CLASS = new HashMap<>();

  static {
    for (CommandType t : values()) {
      BY_TAG.put(t.tag, t);
      BY_CLASS.put(t.type, t);
    }
  }

  private final String tag;
  private final Class<? extends Command> type;

  CommandType(String tag, Class<? extends Command> type) {
    this.tag = tag;
    this.type = type;
  }

  public String tag() {
    return tag;
  }

  public Class<? extends Command> type() {
    return type;
  }

  public static CommandType ofTag(String tag) {
    return BY_TAG.get(tag);
  }

  public static CommandType of(Command command) {
    return BY_CLASS.get(command.getClass());
  }
}
