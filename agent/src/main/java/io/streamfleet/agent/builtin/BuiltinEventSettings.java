package io.streamfleet.agent.builtin;

import java.util.Map;

/**
 * Which events a builtin processor reports besides {@code motion_start} and {@code motion_end}.
 * Each setting is a stream param, declared once below with its default, its values and a doc line,
 * like {@link MotionSettings}.
 *
 * @param frameEvents whether every processed frame is reported as an event of kind
 *     {@value BuiltinEvent#FRAME}, so that the server can de-duplicate the events of the two
 *     instances of a make-before-break move frame by frame
 */
public record BuiltinEventSettings(boolean frameEvents) {
  public static final String FRAME_EVENTS = "frame_events";
  public static final BuiltinEventSettings DEFAULTS = new BuiltinEventSettings(false);
  private static final String FRAME_EVENTS_MEANING = "report every processed frame as an event of kind "
      + BuiltinEvent.FRAME + " with payload {\"frame\": N}, for de-duplicating a make-before-break move by frame";

  /** Param name to a doc line with its default, in the order they are documented. */
  public static final Map<String, String> PARAM_DOCS =
      Map.of(FRAME_EVENTS, FRAME_EVENTS_MEANING + "; true or false (default false)");

  /**
   * Reads the settings from stream params, with a default for each one absent. Other keys are left
   * alone.
   *
   * @throws IllegalArgumentException naming the param, the value given and the values expected
   */
  public static BuiltinEventSettings fromParams(Map<String, String> params) {
    String text = params.get(FRAME_EVENTS);
    if (text == null) {
      return DEFAULTS;
    }
    return switch (text.trim()) {
      case "true" -> new BuiltinEventSettings(true);
      case "false" -> new BuiltinEventSettings(false);
      default -> throw new IllegalArgumentException(FRAME_EVENTS + "=" + text + " must be true or false: whether to "
          + FRAME_EVENTS_MEANING + " (default false)");
    };
  }
}
