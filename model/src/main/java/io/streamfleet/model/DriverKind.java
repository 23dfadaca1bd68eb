package io.streamfleet.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** How a processor runs: a child process ({@code exec}) or code inside the agent ({@code builtin}). */
public enum DriverKind {
  BUILTIN,
  EXEC;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static DriverKind parse(String value) {
    for (DriverKind k : values()) {
      if (k.wireName().equals(value)) {
        return k;
      }
    }
    return null;
  }
}
