package io.streamfleet.model;

/** One problem with one input field: which field, what is wrong with it, and how to fix it. */
public record FieldError(String field, String message) {
  @Override
  public String toString() {
    return field + ": " + message;
  }
}
