package io.streamfleet.model.command;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * What applying a command produced: {@code ok}, or a rejection that every server reached in
 * the same way (the rejection is deterministic and part of the log's meaning).
 *
 * @param code "ok", "not_found", "conflict" or "invalid"
 * @param version a version the command produced (processor specs), or 0
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CommandResult(String code, String message, long version) {
  public static final String OK = "ok";
  public static final String NOT_FOUND = "not_found";
  public static final String CONFLICT = "conflict";
  public static final String INVALID = "invalid";

  public static CommandResult ok() {
    return new CommandResult(OK, null, 0);
  }

  public static CommandResult ok(long version) {
    return new CommandResult(OK, null, version);
  }

  public static CommandResult rejected(String code, String message) {
    return new CommandResult(code, message, 0);
  }

  @JsonIgnore
  public boolean isOk() {
    return OK.equals(code);
  }
}
