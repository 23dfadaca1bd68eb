package io.streamfleet.model.command;

import io.streamfleet.model.job.Scenario;
import java.util.Objects;

/** Adds or replaces an FFmpeg scenario. Jobs already submitted keep the settings they were given. */
public record PutScenario(CommandMeta meta, Scenario scenario) implements Command {
  public PutScenario {
    Objects.requireNonNull(meta, "meta");
    Objects.requireNonNull(scenario, "scenario");
  }

  @Override
  public String target() {
    return scenario.name();
  }
}
