package io.streamfleet.model.command;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Objects;

/**
 * The leader found a rule's condition met: start its action until {@code untilMs}, or, when
 * {@code firingId} names the active firing, keep that one going until {@code untilMs}
 * (re-confirmed). A new firing is taken only if the rule has fired exactly {@code firingsSeen}
 * times so far and is out of its cool-down, so two leaders, or a retried proposal, never start
 * two firings for one decision.
 *
 * @param firingId the active firing to extend, or null for a new one
 * @param votes what decided it (cameras, nodes, confidences), for the event log
 */
public record FireRule(CommandMeta meta, String ruleId, String firingId, long firingsSeen, long untilMs, JsonNode votes)
    implements Command {
  public FireRule {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(ruleId, "ruleId");
  }

  @Override
  public String target() {
    return ruleId;
  }
}
