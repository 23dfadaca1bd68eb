package io.streamfleet.model.command;

import io.streamfleet.model.rule.RuleSpec;
import java.util.Objects;

/** Creates or replaces a zone consensus rule; an active firing of it stays active. */
public record PutRule(CommandMeta meta, RuleSpec spec) implements Command {
  public PutRule {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(spec, "spec");
  }

  @Override
  public String target() {
    return spec.id();
  }
}
