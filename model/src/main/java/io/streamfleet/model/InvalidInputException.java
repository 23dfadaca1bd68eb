package io.streamfleet.model;

import java.util.List;
import java.util.stream.Collectors;

/** Input that fails validation; carries every field error found, not only the first. */
public final class InvalidInputException extends RuntimeException {
  private final List<FieldError> errors;

  public InvalidInputException(List<FieldError> errors) {
    super(errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")));
    this.errors = List.copyOf(errors);
  }

  public InvalidInputException(String field, String message) {
    this(List.of(new FieldError(field, message)));
  }

  public List<FieldError> errors() {
    return errors;
  }
}
