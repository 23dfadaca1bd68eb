package io.streamfleet.model.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.streamfleet.model.FieldError;
import java.util.List;

/** The one error shape: {@code {"error": {"code", "message", "details"?}}}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(Body error) {
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record Body(String code, String message, List<FieldError> details) {}

  public static ApiError of(String code, String message) {
    return new ApiError(new Body(code, message, null));
  }

  public static ApiError of(String code, String message, List<FieldError> details) {
    return new ApiError(new Body(code, message, details == null || details.isEmpty() ? null : details));
  }
}
