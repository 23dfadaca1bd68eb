package io.streamfleet.model.rollout;

import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/**
 * A change of a rollout's course. Operators pause, resume, promote (past the canary) and revert;
 * the leader marks a canary done ({@code await_promotion}) and a rollout {@code succeed}ed.
 */
public enum RolloutAction {
  PAUSE,
  RESUME,
  PROMOTE,
  REVERT,
  AWAIT_PROMOTION,
  SUCCEED;

  @JsonValue
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  public static RolloutAction parse(String text) {
    for (RolloutAction a : values()) {
      if (a.wireName().equals(text)) {
        return a;
      }
    }
    return null;
  }
}
