package io.streamfleet.agent.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MotionSettingsTest {
  @Test
  void usesTheDefaultsForAbsentParams() {
    assertThat(MotionSettings.fromParams(Map.of())).isEqualTo(MotionSettings.DEFAULTS);
    assertThat(MotionSettings.DEFAULTS).isEqualTo(new MotionSettings(25, 0.005, 4, 10));
  }

  @Test
  void readsEveryParam() {
    Map<String, String> params = Map.of("threshold", "40", "min_area", "0.02", "block", "8", "hold_frames", "25");

    assertThat(MotionSettings.fromParams(params)).isEqualTo(new MotionSettings(40, 0.02, 8, 25));
  }

  @Test
  void leavesParamsItDoesNotOwnToOthers() {
    assertThat(MotionSettings.fromParams(Map.of("width", "320"))).isEqualTo(MotionSettings.DEFAULTS);
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', quoteCharacter = '"', value = {
      "threshold | 0.4 | threshold=0.4 must be a whole number from 1 to 254: luma levels (of 255) a block's mean brightness must change by to count as changed (default 25)",
      "threshold | 0   | threshold=0 must be a whole number from 1 to 254",
      "threshold | 255 | threshold=255 must be a whole number from 1 to 254",
      "min_area  | 0   | min_area=0 must be a number above 0 and at most 1: the fraction of the picture that must change to count as motion, e.g. min_area=0.02 for 2% (default 0.005)",
      "min_area  | 1.5 | min_area=1.5 must be a number above 0 and at most 1",
      "min_area  | NaN | min_area=NaN must be a number above 0 and at most 1",
      "min_area  | 5%  | min_area=5% must be a number above 0 and at most 1",
      "block     | 0   | block=0 must be a whole number from 1 to 64",
      "block     | 65  | block=65 must be a whole number from 1 to 64",
      "hold_frames | -1 | hold_frames=-1 must be a whole number from 1 to 10000: quiet frames in a row before motion_end is reported (default 10)",
      "hold_frames | \"\"  | hold_frames= must be a whole number from 1 to 10000"})
  void rejectsABadValueNamingTheParamTheValueAndTheExpectedRange(String param, String value, String message) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> MotionSettings.fromParams(Map.of(param, value)))
        .withMessageStartingWith(message);
  }

  @Test
  void acceptsTheEndsOfEachRange() {
    assertThat(MotionSettings.fromParams(Map.of("threshold", "1", "min_area", "1", "block", "1", "hold_frames", "1")))
        .isEqualTo(new MotionSettings(1, 1, 1, 1));
    assertThat(MotionSettings.fromParams(Map.of("threshold", "254", "block", "64", "hold_frames", "10000")))
        .isEqualTo(new MotionSettings(254, 0.005, 64, 10_000));
  }

  @Test
  void theConstructorValidatesToo() {
    assertThatIllegalArgumentException().isThrownBy(() -> new MotionSettings(25, 0.005, 100, 10))
        .withMessageStartingWith("block=100 must be a whole number from 1 to 64");
  }

  @Test
  void documentsEveryParamWithItsDefault() {
    assertThat(MotionSettings.PARAM_DOCS).containsOnlyKeys("threshold", "min_area", "block", "hold_frames");
    assertThat(MotionSettings.PARAM_DOCS.get("min_area")).endsWith("(default 0.005)");
    assertThat(MotionSettings.PARAM_DOCS.get("threshold")).endsWith("1 to 254 (default 25)");
  }
}
