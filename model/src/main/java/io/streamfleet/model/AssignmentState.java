package io.streamfleet.model;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a stream's processor is in its life on its assigned node. */
public enum AssignmentState {
  PENDING,
  STARTING,
  RUNNING,
  /** Alive on its node, but its camera is away (dropped, stalled, unreachable) and it is reconnecting. */
  DEGRADED,
  STOPPING,
  FAILED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }
}
