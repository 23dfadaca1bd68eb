package io.streamfleet.model.job;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * Where a job is in its life. {@code queued} waits for room (or for its backoff, its dependency,
 * or the proof that its previous attempt is dead); {@code dispatched} is leased to a node that
 * has not started it yet; {@code running} runs there. The last three are final (until a manual
 * retry).
 */
public enum JobState {
  QUEUED,
  DISPATCHED,
  RUNNING,
  SUCCEEDED,
  FAILED,
  CANCELED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  @JsonCreator
  public static JobState of(String wire) {
    return valueOf(wire.toUpperCase(Locale.ROOT));
  }

  public boolean terminal() {
    return this == SUCCEEDED || this == FAILED || this == CANCELED;
  }

  /** Dispatched or running: the job holds room on a node. */
  public boolean active() {
    return this == DISPATCHED || this == RUNNING;
  }
}
