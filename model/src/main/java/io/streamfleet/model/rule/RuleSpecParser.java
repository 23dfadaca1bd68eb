package io.streamfleet.model.rule;

import io.streamfleet.model.FieldError;
import io.streamfleet.model.Ids;
import io.streamfleet.model.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Turns a {@link RuleRequest} into a {@link RuleSpec}, collecting an error for every bad field. */
public final class RuleSpecParser {
  public static final int DEFAULT_MIN_CAMERAS = 2;
  public static final int DEFAULT_MIN_NODES = 2;
  public static final long DEFAULT_WINDOW_SECONDS = 60;
  public static final int DEFAULT_QUORUM_MIN_NODES = 2;
  public static final double DEFAULT_QUORUM_FRACTION = 0.51;
  public static final long DEFAULT_COOLDOWN_SECONDS = 300;
  public static final long DEFAULT_MAX_ACTION_SECONDS = 600;
  private static final Pattern KIND = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");
  /** A topic to publish to: no wildcards, no empty levels at the ends. */
  private static final Pattern TOPIC = Pattern.compile("[^#+/\\u0000][^#+\\u0000]{0,254}");

  private RuleSpecParser() {}

  public static RuleSpec parse(RuleRequest r) {
    if (r == null) {
      throw new InvalidInputException("body", "is empty; send a JSON object with at least id, zone, event_kind and action_topic");
    }
    List<FieldError> errors = new ArrayList<>();
    if (r.id() == null || !Ids.isValid(r.id())) {
      errors.add(new FieldError("id", (r.id() == null ? "is required; " : "'" + r.id() + "' is invalid; ") + Ids.RULE));
    }
    if ((r.zone() == null) == (r.spreadGroup() == null)) {
      errors.add(new FieldError("zone", "give exactly one of zone (the zone whose cameras vote) or spread_group"));
    }
    if (r.zone() != null && !Ids.isValid(r.zone())) {
      errors.add(new FieldError("zone", "'" + r.zone() + "' is invalid; " + Ids.RULE));
    }
    if (r.spreadGroup() != null && !Ids.isValid(r.spreadGroup())) {
      errors.add(new FieldError("spread_group", "'" + r.spreadGroup() + "' is invalid; " + Ids.RULE));
    }
    if (r.eventKind() == null || !KIND.matcher(r.eventKind()).matches()) {
      errors.add(new FieldError("event_kind", "is required: the kind of processor event that votes, e.g. fire or motion (letters, digits, _.:-)"));
    }
    double confidence = r.minConfidence() == null ? 0 : r.minConfidence();
    if (!(confidence >= 0 && confidence <= 1)) {
      errors.add(new FieldError("min_confidence", "must be from 0 to 1, not " + r.minConfidence()));
    }
    int cameras = orDefault(r.minCameras(), DEFAULT_MIN_CAMERAS);
    int nodes = orDefault(r.minNodes(), DEFAULT_MIN_NODES);
    range(errors, "min_cameras", cameras, 1, 1000);
    range(errors, "min_nodes", nodes, 1, 1000);
    if (cameras < nodes) {
      errors.add(new FieldError("min_cameras", "is " + cameras + " but min_nodes is " + nodes + "; every node votes through its cameras, so min_cameras >= min_nodes"));
    }
    long window = r.windowSeconds() == null ? DEFAULT_WINDOW_SECONDS : r.windowSeconds();
    range(errors, "window_seconds", window, 1, 86_400);
    int quorumMin = orDefault(r.quorumMinNodes(), DEFAULT_QUORUM_MIN_NODES);
    range(errors, "quorum_min_nodes", quorumMin, 1, 1000);
    double fraction = r.quorumFraction() == null ? DEFAULT_QUORUM_FRACTION : r.quorumFraction();
    if (!(fraction > 0 && fraction <= 1)) {
      errors.add(new FieldError("quorum_fraction", "must be above 0 and at most 1 (the seed uses 0.51), not " + r.quorumFraction()));
    }
    if (r.actionTopic() == null || !TOPIC.matcher(r.actionTopic()).matches() || r.actionTopic().endsWith("/")) {
      errors.add(new FieldError("action_topic", "is required: the MQTT topic the action is published to, e.g. gpio/pump/pump-01 (no + or #)"));
    }
    payload(errors, "action_payload", r.actionPayload());
    payload(errors, "stop_payload", r.stopPayload());
    long cooldown = r.cooldownSeconds() == null ? DEFAULT_COOLDOWN_SECONDS : r.cooldownSeconds();
    range(errors, "cooldown_seconds", cooldown, 0, 86_400);
    long maxAction = r.maxActionSeconds() == null ? DEFAULT_MAX_ACTION_SECONDS : r.maxActionSeconds();
    range(errors, "max_action_seconds", maxAction, 1, 86_400);
    if (!errors.isEmpty()) {
      throw new InvalidInputException(errors);
    }
    return new RuleSpec(r.id(), r.zone(), r.spreadGroup(), r.eventKind(), confidence, cameras, nodes, window * 1000, quorumMin,
        fraction, r.actionTopic(), r.actionPayload(), r.stopPayload(), cooldown * 1000, maxAction * 1000);
  }

  private static int orDefault(Integer value, int fallback) {
    return value == null ? fallback : value;
  }

  private static void range(List<FieldError> errors, String field, long value, long min, long max) {
    if (value < min || value > max) {
      errors.add(new FieldError(field, "must be from " + min + " to " + max + ", not " + value));
    }
  }

  private static void payload(List<FieldError> errors, String field, String value) {
    if (value != null && value.length() > 4096) {
      errors.add(new FieldError(field, "is " + value.length() + " characters; the limit is 4096"));
    }
  }
}
