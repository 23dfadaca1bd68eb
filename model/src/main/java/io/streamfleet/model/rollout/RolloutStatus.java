package io.streamfleet.model.rollout;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Where a processor rollout is. Only {@code running} starts new moves. */
public enum RolloutStatus {
  RUNNING,
  PAUSED,
  AWAITING_PROMOTION,
  SUCCEEDED,
  REVERTED,
  SUPERSEDED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Still changing streams or waiting for an operator (not finished). */
  public boolean active() {
    return this == RUNNING || this == PAUSED || this == AWAITING_PROMOTION;
  }
}
