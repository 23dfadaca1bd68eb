package io.streamfleet.model.command;

import io.streamfleet.model.rollout.RolloutAction;
import java.util.Objects;

/**
 * Changes the course of processor {@code processor}'s rollout to {@code version}: pause, resume,
 * promote and revert (operators), await_promotion and succeed (the leader, when the canary or the
 * whole rollout is healthy). Rejected when that rollout is not in a state the action applies to.
 */
public record SetRollout(CommandMeta meta, String processor, long version, RolloutAction action, String reason) implements Command {
  public SetRollout {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(processor, "processor");
    Objects.requireNonNull(action, "action");
  }

  @Override
  public String target() {
    return processor + " v" + version;
  }
}
