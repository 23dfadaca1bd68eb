package io.streamfleet.server.agents;

import io.streamfleet.model.command.Command;
import io.streamfleet.model.command.CommandResult;

/** Proposes a command and returns its applied result (the REST gateway, seen by controllers). */
@FunctionalInterface
public interface CommandSubmitter {
  /** @throws RuntimeException when the command was rejected or could not be committed */
  CommandResult submit(Command command);
}
