package io.streamfleet.server.api;

import io.streamfleet.model.command.Command;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.server.state.WritePort;
import io.streamfleet.server.state.WriteUnavailableException;

/** The REST side of the write port: a rejected command or an uncommitted write as an HTTP error. */
public final class CommandGateway {
  private final WritePort writes;

  public CommandGateway(WritePort writes) {
    this.writes = writes;
  }

  /**
   * @return the result when the command was applied with outcome ok
   * @throws ApiException with 404/409/400 when the state machine rejected it, 503 when no
   *     leader committed it within the write timeout
   */
  public CommandResult submit(Command command) {
    CommandResult result;
    try {
      result = writes.submit(command);
    } catch (WriteUnavailableException e) {
      throw ApiException.unavailable(e.getMessage());
    }
    return switch (result.code()) {
      case CommandResult.OK -> result;
      case CommandResult.NOT_FOUND -> throw new ApiException(404, "not_found", result.message());
      case CommandResult.CONFLICT -> throw new ApiException(409, "conflict", result.message());
      default -> throw new ApiException(400, "invalid", result.message());
    };
  }
}
