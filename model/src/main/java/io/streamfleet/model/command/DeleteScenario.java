package io.streamfleet.model.command;

import java.util.Objects;

public record DeleteScenario(CommandMeta meta, String name) implements Command {
  public DeleteScenario {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(name, "name");
  }

  @Override
  public String target() {
    return name;
  }
}
