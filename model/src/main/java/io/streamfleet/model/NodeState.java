package io.streamfleet.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** A node's lifecycle state as the cluster sees it. */
public enum NodeState {
  READY,
  SUSPECT,
  DOWN,
  CORDONED,
  DRAINING,
  DRAINED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
