package io.streamfleet.agent.builtin;

import java.util.Map;

/**
 * A whole-number stream param: its name, default, inclusive range and meaning, read and checked
 * in one place so that every builtin setting explains itself the same way when it is wrong.
 */
record WholeParam(String name, int defaultValue, int min, int max, String meaning) {
  /** The value in {@code params}, or the default when absent; throws naming the param and its range. */
  int read(Map<String, String> params) {
    String text = params.get(name);
    if (text == null) {
      return defaultValue;
    }
    try {
      int value = Integer.parseInt(text.trim());
      check(value, text);
      return value;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(problem(text), e);
    }
  }

  void check(int value) {
    check(value, Integer.toString(value));
  }

  private void check(int value, String shown) {
    if (value < min || value > max) {
      throw new IllegalArgumentException(problem(shown));
    }
  }

  private String problem(String shown) {
    return name + "=" + shown + " must be a whole number from " + min + " to " + max + ": " + meaning
        + " (default " + defaultValue + ")";
  }

  String doc() {
    return meaning + "; " + min + " to " + max + " (default " + defaultValue + ")";
  }
}
