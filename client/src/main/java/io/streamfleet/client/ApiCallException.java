package io.streamfleet.client;

import io.streamfleet.model.FieldError;
import java.util.List;

/**
 * A REST call that did not succeed: the server's error (status, code, message, field details),
 * or status 0 with code "unreachable" when no server answered.
 */
public final class ApiCallException extends RuntimeException {
  private final int status;
  private final String code;
  private final List<FieldError> details;

  public ApiCallException(int status, String code, String message, List<FieldError> details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details == null ? List.of() : details;
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  public List<FieldError> details() {
    return details;
  }
}
