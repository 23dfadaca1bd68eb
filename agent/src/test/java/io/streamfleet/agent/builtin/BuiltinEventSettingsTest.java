package io.streamfleet.agent.builtin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BuiltinEventSettingsTest {
  @Test
  void frameEventsAreOffWhenTheParamIsAbsent() {
    assertThat(BuiltinEventSettings.fromParams(Map.of())).isEqualTo(BuiltinEventSettings.DEFAULTS);
    assertThat(BuiltinEventSettings.DEFAULTS.frameEvents()).isFalse();
  }

  @Test
  void readsTrueAndFalse() {
    assertThat(BuiltinEventSettings.fromParams(Map.of("frame_events", "true")).frameEvents()).isTrue();
    assertThat(BuiltinEventSettings.fromParams(Map.of("frame_events", "false")).frameEvents()).isFalse();
  }

  @Test
  void leavesParamsItDoesNotOwnToOthers() {
    assertThat(BuiltinEventSettings.fromParams(Map.of("threshold", "40"))).isEqualTo(BuiltinEventSettings.DEFAULTS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"yes", "1", "TRUE", "on", ""})
  void rejectsAnythingButTrueOrFalseNamingTheValueAndTheTwoAllowed(String value) {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> BuiltinEventSettings.fromParams(Map.of("frame_events", value)))
        .withMessage("frame_events=" + value + " must be true or false: whether to report every processed frame as "
            + "an event of kind frame with payload {\"frame\": N}, for de-duplicating a make-before-break move by frame "
            + "(default false)");
  }

  @Test
  void documentsTheParamWithItsValuesAndDefault() {
    assertThat(BuiltinEventSettings.PARAM_DOCS).containsOnlyKeys("frame_events");
    assertThat(BuiltinEventSettings.PARAM_DOCS.get("frame_events")).endsWith("true or false (default false)");
  }
}
