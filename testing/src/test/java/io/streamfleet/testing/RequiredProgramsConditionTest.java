package io.streamfleet.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.util.Map;
import org.junit.jupiter.api.Test;

class RequiredProgramsConditionTest {
  private static final String[] FFMPEG = {"ffmpeg"};

  @Test
  void aPresentProgramEnablesTheTest() {
    var result = new RequiredProgramsCondition(Map.of(), p -> true).evaluate(FFMPEG, "ffmpeg");
    assertThat(result.isDisabled()).isFalse();
  }

  @Test
  void aMissingProgramSkipsOutsideCiAndNamesThePackage() {
    var result = new RequiredProgramsCondition(Map.of(), p -> false).evaluate(FFMPEG, "ffmpeg");
    assertThat(result.isDisabled()).isTrue();
    assertThat(result.getReason()).get().asString().contains("needs ffmpeg").contains("apt-get install ffmpeg");
  }

  @Test
  void aMissingProgramFailsInCiInsteadOfSkipping() {
    assertThatIllegalStateException()
        .isThrownBy(() -> new RequiredProgramsCondition(Map.of("CI", "true"), p -> false).evaluate(FFMPEG, "ffmpeg"))
        .withMessageContaining("CI=true but ffmpeg is missing");
  }
}
