package io.streamfleet.server.api;

import io.streamfleet.model.FieldError;
import io.streamfleet.model.api.ApiError;
import java.util.List;

/** An error answer: status, a stable code, a message naming the problem and the fix. */
public final class ApiException extends RuntimeException {
  private final int status;
  private final String code;
  private final List<FieldError> details;

  public ApiException(int status, String code, String message) {
    this(status, code, message, List.of());
  }

  public ApiException(int status, String code, String message, List<FieldError> details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details;
  }

  public int status() {
    return status;
  }

  public ApiError body() {
    return ApiError.of(code, getMessage(), details);
  }

  public static ApiException notFound(String kind, String id) {
    return new ApiException(404, "not_found", kind + " '" + id + "' does not exist");
  }

  public static ApiException unavailable(String message) {
    return new ApiException(503, "unavailable", message);
  }
}
