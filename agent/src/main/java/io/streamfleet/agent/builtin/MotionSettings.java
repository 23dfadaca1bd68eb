package io.streamfleet.agent.builtin;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How sensitive a {@link MotionDetector} is. Each setting is a stream param, declared once below
 * with its default, its range and a doc line ({@link #PARAM_DOCS} feeds the configuration docs).
 *
 * @param threshold how many luma levels (0-255) a block's mean must move to count as changed
 * @param minArea the fraction of the picture that must change for a frame to count as motion
 * @param blockSize the side, in pixels, of the square blocks the picture is averaged over
 * @param holdFrames how many quiet frames in a row end a motion event
 */
public record MotionSettings(int threshold, double minArea, int blockSize, int holdFrames) {
  public static final String THRESHOLD = "threshold";
  public static final String MIN_AREA = "min_area";
  public static final String BLOCK = "block";
  public static final String HOLD_FRAMES = "hold_frames";

  private static final WholeParam THRESHOLD_PARAM = new WholeParam(THRESHOLD, 25, 1, 254,
      "luma levels (of 255) a block's mean brightness must change by to count as changed");
  private static final WholeParam BLOCK_PARAM = new WholeParam(BLOCK, 4, 1, 64,
      "side in pixels of the square blocks averaged before comparing; larger ignores finer noise");
  private static final WholeParam HOLD_FRAMES_PARAM = new WholeParam(HOLD_FRAMES, 10, 1, 10_000,
      "quiet frames in a row before motion_end is reported");
  private static final double MIN_AREA_DEFAULT = 0.005;
  private static final String MIN_AREA_DOC =
      "fraction of the picture (above 0, at most 1) that must change for a frame to count as motion";

  public static final MotionSettings DEFAULTS = new MotionSettings(
      THRESHOLD_PARAM.defaultValue(), MIN_AREA_DEFAULT, BLOCK_PARAM.defaultValue(), HOLD_FRAMES_PARAM.defaultValue());

  /** Param name to a doc line with its default, in the order they are documented. */
  public static final Map<String, String> PARAM_DOCS = paramDocs();

  public MotionSettings {
    THRESHOLD_PARAM.check(threshold);
    checkMinArea(minArea, Double.toString(minArea));
    BLOCK_PARAM.check(blockSize);
    HOLD_FRAMES_PARAM.check(holdFrames);
  }

  /**
   * Reads the settings from stream params, with a default for each one absent. Other keys are
   * left alone (they belong to the source, e.g. width).
   *
   * @throws IllegalArgumentException naming the param, the value given and what is expected
   */
  public static MotionSettings fromParams(Map<String, String> params) {
    return new MotionSettings(
        THRESHOLD_PARAM.read(params),
        minArea(params.get(MIN_AREA)),
        BLOCK_PARAM.read(params),
        HOLD_FRAMES_PARAM.read(params));
  }

  private static double minArea(String text) {
    if (text == null) {
      return MIN_AREA_DEFAULT;
    }
    double value;
    try {
      value = Double.parseDouble(text.trim());
    } catch (NumberFormatException e) {
      value = Double.NaN;
    }
    checkMinArea(value, text);
    return value;
  }

  private static void checkMinArea(double value, String shown) {
    if (!(value > 0 && value <= 1)) {
      throw new IllegalArgumentException(MIN_AREA + "=" + shown + " must be a number above 0 and at most 1: the "
          + "fraction of the picture that must change to count as motion, e.g. " + MIN_AREA + "=0.02 for 2%"
          + " (default " + MIN_AREA_DEFAULT + ")");
    }
  }

  private static Map<String, String> paramDocs() {
    Map<String, String> docs = new LinkedHashMap<>();
    docs.put(THRESHOLD, THRESHOLD_PARAM.doc());
    docs.put(MIN_AREA, MIN_AREA_DOC + " (default " + MIN_AREA_DEFAULT + ")");
    docs.put(BLOCK, BLOCK_PARAM.doc());
    docs.put(HOLD_FRAMES, HOLD_FRAMES_PARAM.doc());
    return Collections.unmodifiableMap(docs);
  }
}
