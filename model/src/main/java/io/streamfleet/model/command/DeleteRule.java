package io.streamfleet.model.command;

import java.util.Objects;

/** Deletes a rule; an active firing ends (its stop message goes out). */
public record DeleteRule(CommandMeta meta, String id) implements Command {
  public DeleteRule {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(id, "id");
  }

  @Override
  public String target() {
    return id;
  }
}
