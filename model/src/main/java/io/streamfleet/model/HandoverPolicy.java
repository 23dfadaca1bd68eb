package io.streamfleet.model;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What happens to a stream's processor when its node is lost. {@code OVERLAP} restarts it
 * elsewhere at once (a partitioned old instance may briefly overlap; consumers de-duplicate by
 * epoch). {@code EXCLUSIVE} never runs two instances: the new one waits for the old lease.
 */
public enum HandoverPolicy {
  OVERLAP,
  EXCLUSIVE;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  public static HandoverPolicy parse(String value) {
    for (HandoverPolicy p : values()) {
      if (p.wireName().equals(value)) {
        return p;
      }
    }
    return null;
  }
}
