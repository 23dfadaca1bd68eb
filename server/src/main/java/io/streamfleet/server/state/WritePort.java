package io.streamfleet.server.state;

import io.streamfleet.model.command.Command;
import io.streamfleet.model.command.CommandResult;

/**
 * Proposes a command and returns its applied result, rejected ones included: the state machine's
 * verdict (ok, not found, conflict, invalid) is a value for the caller to act on. The REST layer
 * maps it to HTTP; the leader's controllers decide what to do next.
 */
@FunctionalInterface
public interface WritePort {
  /**
   * @return the applied result, whatever its code
   * @throws WriteUnavailableException when the command was not committed (no leader, no
   *     majority, a timeout): it may or may not take effect later
   */
  CommandResult submit(Command command);
}
