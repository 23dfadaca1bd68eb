package io.streamfleet.model.command;

import java.util.Objects;

/** Ends a rule's active firing: its time ran out without re-confirmation. */
public record EndRuleAction(CommandMeta meta, String ruleId, String firingId, String reason) implements Command {
  public EndRuleAction {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(ruleId, "ruleId");
    Objects.requireNonNull(firingId, "firingId");
  }

  @Override
  public String target() {
    return ruleId;
  }
}
