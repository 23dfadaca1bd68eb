package io.streamfleet.model;

import static io.streamfleet.model.ProcessorRequestBuilder.aBuiltinProcessor;
import static io.streamfleet.model.ProcessorRequestBuilder.anExecProcessor;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ProcessorSpecParserTest {
  private static ProcessorSpec parse(ProcessorRequestBuilder request) {
    return ProcessorSpecParser.parse(request.build(), "detector");
  }

  private static List<FieldError> errorsOf(ProcessorRequestBuilder request, String pathName) {
    InvalidInputException e = catchThrowableOfType(InvalidInputException.class,
        () -> ProcessorSpecParser.parse(request.build(), pathName));
    assertThat(e).as("expected %s to be rejected", request.build()).isNotNull();
    return e.errors();
  }

  private static FieldError onlyErrorOf(ProcessorRequestBuilder request) {
    List<FieldError> errors = errorsOf(request, "detector");
    assertThat(errors).hasSize(1);
    return errors.get(0);
  }

  @Test
  void aMissingBodyIsRejectedWithAHintAboutWhatToSend() {
    assertThatThrownBy(() -> ProcessorSpecParser.parse(null, "detector"))
        .isInstanceOfSatisfying(InvalidInputException.class, e -> assertThat(e.errors())
            .containsExactly(new FieldError("body", "is empty; send a JSON object with at least \"driver\"")));
  }

  @Nested
  class Name {
    @Test
    void comesFromTheUrlPathWhenTheBodyLeavesItOut() {
      assertThat(ProcessorSpecParser.parse(aBuiltinProcessor().build(), "detector").name()).isEqualTo("detector");
    }

    @Test
    void mayRepeatTheUrlPathNameInTheBody() {
      assertThat(ProcessorSpecParser.parse(aBuiltinProcessor().withName("detector").build(), "detector").name())
          .isEqualTo("detector");
    }

    @Test
    void inTheBodyMustMatchTheUrlPathName() {
      List<FieldError> errors = errorsOf(aBuiltinProcessor().withName("other"), "detector");

      assertThat(errors).containsExactly(new FieldError("name",
          "'other' does not match the name in the URL ('detector'); leave it out or make them equal"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "Detector", "my detector", "-detector"})
    void mustFollowTheIdRule(String name) {
      List<FieldError> errors = errorsOf(aBuiltinProcessor().withName(name), null);

      assertThat(errors).containsExactly(new FieldError("name", "'" + name + "' is invalid; " + Ids.RULE));
    }

    @Test
    void isReportedWhenNeitherBodyNorUrlPathHasOne() {
      List<FieldError> errors = errorsOf(aBuiltinProcessor(), null);

      assertThat(errors).singleElement().satisfies(e -> {
        assertThat(e.field()).isEqualTo("name");
        assertThat(e.message()).endsWith(Ids.RULE);
      });
    }
  }

  @Nested
  class Driver {
    @Test
    void isRequired() {
      FieldError error = onlyErrorOf(aBuiltinProcessor().withDriver(null).withBuiltin(null));

      assertThat(error).isEqualTo(new FieldError("driver", "is required; use builtin or exec"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker", "BUILTIN", "Exec", ""})
    void mustBeBuiltinOrExecInLowerCase(String driver) {
      FieldError error = onlyErrorOf(aBuiltinProcessor().withDriver(driver).withBuiltin(null));

      assertThat(error).isEqualTo(new FieldError("driver", "'" + driver + "' is unknown; use builtin or exec"));
    }
  }

  @Nested
  class Builtin {
    @ParameterizedTest
    @ValueSource(strings = {"motion", "synthetic"})
    void namesOneOfTheProcessorsCompiledIntoTheAgent(String builtin) {
      ProcessorSpec spec = parse(aBuiltinProcessor().withBuiltin(builtin));

      assertThat(spec.driver()).isEqualTo(DriverKind.BUILTIN);
      assertThat(spec.builtin()).isEqualTo(builtin);
      assertThat(spec.command()).isNull();
      assertThat(spec.env()).isEmpty();
      assertThat(spec.workingDir()).isNull();
    }

    @Test
    void getsVersionZeroUntilTheClusterAssignsOne() {
      assertThat(parse(aBuiltinProcessor()).version()).isZero();
    }

    @Test
    void isReadyAtTheFirstFrameByDefault() {
      assertThat(parse(aBuiltinProcessor()).readiness()).isEqualTo(Readiness.FIRST_FRAME);
    }

    @Test
    void getsTheStreamDefaultResourcesWhenItGivesNone() {
      assertThat(parse(aBuiltinProcessor()).resources()).isEqualTo(Resources.STREAM_DEFAULT);
    }

    @Test
    void namingNoBuiltinIsRejectedListingTheBuiltins() {
      FieldError error = onlyErrorOf(aBuiltinProcessor().withBuiltin(null));

      assertThat(error).isEqualTo(new FieldError("builtin", "is required for driver builtin; use one of motion, synthetic"));
    }

    @Test
    void namingAnUnknownBuiltinIsRejectedListingTheBuiltins() {
      FieldError error = onlyErrorOf(aBuiltinProcessor().withBuiltin("yolo"));

      assertThat(error).isEqualTo(new FieldError("builtin", "'yolo' is not a builtin processor; use one of motion, synthetic"));
    }

    @Test
    void rejectsCommandEnvAndWorkingDirWhichOnlyExecUses() {
      String expected = "command, env and working_dir apply only to driver exec; remove them or set \"driver\": \"exec\"";

      assertThat(onlyErrorOf(aBuiltinProcessor().withCommand("ffmpeg"))).isEqualTo(new FieldError("command", expected));
      assertThat(onlyErrorOf(aBuiltinProcessor().withEnv(Map.of("a", "b")))).isEqualTo(new FieldError("command", expected));
      assertThat(onlyErrorOf(aBuiltinProcessor().withWorkingDir("/tmp"))).isEqualTo(new FieldError("command", expected));
    }
  }

  @Nested
  class Exec {
    @Test
    void keepsItsCommandEnvAndWorkingDir() {
      ProcessorSpec spec = parse(anExecProcessor()
          .withCommand("python3", "detect.py", "--url={stream.url}", "--threshold={param.threshold}")
          .withEnv(Map.of("model", "yolo.onnx"))
          .withWorkingDir("/opt/detector")
          .withDescription("people detector"));

      assertThat(spec.driver()).isEqualTo(DriverKind.EXEC);
      assertThat(spec.builtin()).isNull();
      assertThat(spec.command()).containsExactly("python3", "detect.py", "--url={stream.url}", "--threshold={param.threshold}");
      assertThat(spec.env()).containsExactly(Map.entry("model", "yolo.onnx"));
      assertThat(spec.workingDir()).isEqualTo("/opt/detector");
      assertThat(spec.description()).isEqualTo("people detector");
    }

    @Test
    void isReadyAtTheFirstEventByDefault() {
      assertThat(parse(anExecProcessor()).readiness()).isEqualTo(Readiness.FIRST_EVENT);
    }

    @Test
    void copiesTheCommandSoLaterChangesToTheRequestDoNotLeakIn() {
      List<String> command = new ArrayList<>(List.of("ffmpeg", "-i", "{stream.url}"));
      ProcessorSpec spec = parse(anExecProcessor().withCommand(command));

      command.set(0, "rm");

      assertThat(spec.command()).containsExactly("ffmpeg", "-i", "{stream.url}");
    }

    @ParameterizedTest
    @NullAndEmptySource
    void needsACommandAndTheMessageShowsAnExample(List<String> command) {
      FieldError error = onlyErrorOf(anExecProcessor().withCommand(command));

      assertThat(error).isEqualTo(new FieldError("command",
          "is required for driver exec: a list of arguments, e.g. [\"ffmpeg\", \"-i\", \"{stream.url}\", ...]"));
    }

    @Test
    void rejectsABuiltinName() {
      FieldError error = onlyErrorOf(anExecProcessor().withBuiltin("motion"));

      assertThat(error).isEqualTo(new FieldError("builtin", "applies only to driver builtin; remove it"));
    }

    @Test
    void acceptsUpTo256Arguments() {
      List<String> command = new ArrayList<>(Collections.nCopies(256, "-v"));
      command.set(0, "ffmpeg");

      assertThat(parse(anExecProcessor().withCommand(command)).command()).hasSize(256);
    }

    @Test
    void rejectsMoreThan256ArgumentsWithTheCountAndTheLimit() {
      List<String> command = new ArrayList<>(Collections.nCopies(257, "-v"));
      command.set(0, "ffmpeg");

      FieldError error = onlyErrorOf(anExecProcessor().withCommand(command));

      assertThat(error).isEqualTo(new FieldError("command", "has 257 arguments; the limit is 256"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " "})
    void needsAProgramAsTheFirstArgument(String program) {
      FieldError error = onlyErrorOf(anExecProcessor().withCommand(program, "-i", "{stream.url}"));

      assertThat(error).isEqualTo(new FieldError("command[0]", "is empty; the first argument is the program to run"));
    }

    @Test
    void rejectsANullArgumentNamingItsIndex() {
      FieldError error = onlyErrorOf(anExecProcessor().withCommand("ffmpeg", "-i", null));

      assertThat(error).isEqualTo(new FieldError("command[2]", "is null; use a string"));
    }

    @Test
    void allowsEmptyArgumentsAfterTheProgram() {
      assertThat(parse(anExecProcessor().withCommand("sh", "-c", "exec \"$@\"", "")).command())
          .containsExactly("sh", "-c", "exec \"$@\"", "");
    }

    @Test
    void limitsEachArgumentTo4096Characters() {
      String longest = "x".repeat(4096);

      assertThat(parse(anExecProcessor().withCommand("ffmpeg", longest)).command()).contains(longest);
      assertThat(onlyErrorOf(anExecProcessor().withCommand("ffmpeg", longest + "x")))
          .isEqualTo(new FieldError("command[1]", "is longer than 4096 characters"));
    }

    @Test
    void checksEveryArgumentAsATemplateNamingTheIndexOfEachBadOne() {
      List<FieldError> errors = errorsOf(
          anExecProcessor().withCommand("ffmpeg", "-i", "{stream.uri}", "-o", "{data.dir", "x}"), "detector");

      assertThat(errors).extracting(FieldError::field).containsExactly("command[2]", "command[4]", "command[5]");
      assertThat(errors.get(0).message()).startsWith("unknown placeholder {stream.uri} in '{stream.uri}'; known: ");
      assertThat(errors.get(1).message()).isEqualTo("'{data.dir' has an unclosed '{'; write {{ for a literal brace");
      assertThat(errors.get(2).message()).isEqualTo("'x}' has a stray '}'; write }} for a literal brace");
    }

    @Test
    void rejectsEnvNamesThatAreNotVariableNames() {
      for (String bad : List.of("MODEL PATH", "1ST", "a.b", "a/b")) {
        FieldError error = onlyErrorOf(anExecProcessor().withEnv(Map.of(bad, "/m")));
        assertThat(error.field()).isEqualTo("env");
        assertThat(error.message()).startsWith("'" + bad + "' is not an environment variable name");
      }
    }

    @Test
    void checksEnvValueLengths() {
      FieldError error = onlyErrorOf(anExecProcessor().withEnv(Map.of("MODEL", "m".repeat(4097))));

      assertThat(error).isEqualTo(new FieldError("env.MODEL", "is longer than 4096 characters"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"CUDA_VISIBLE_DEVICES", "MODEL_PATH", "HOME", "OMP_NUM_THREADS"})
    void acceptsConventionalUpperCaseEnvironmentVariableNames(String name) {
      assertThat(parse(anExecProcessor().withEnv(Map.of(name, "1"))).env()).containsExactly(Map.entry(name, "1"));
    }
  }

  @Nested
  class ReadinessCheck {
    @ParameterizedTest
    @CsvSource(value = {
        "first_event, null, null", "stdout, 'listening on port \\d+', null",
        "delay, null, 0", "delay, null, 2500", "delay, null, 600000"}, nullValues = "null")
    void acceptsEveryKindWithWhatItNeeds(String kind, String pattern, Long delayMs) {
      ProcessorSpec spec = parse(anExecProcessor().withReadiness(kind, pattern, delayMs));

      assertThat(spec.readiness()).isEqualTo(new Readiness(kind, pattern, delayMs));
    }

    @Test
    void firstFrameIsForBuiltinProcessorsOnly() {
      assertThat(onlyErrorOf(anExecProcessor().withReadiness("first_frame", null, null)))
          .isEqualTo(new FieldError("readiness.kind", "first_frame applies to builtin processors; for exec use first_event, stdout or delay"));
    }

    @Test
    void fieldsOfAnotherKindAreRejectedNotIgnored() {
      assertThat(onlyErrorOf(anExecProcessor().withReadiness("first_event", "ready", null)).field()).isEqualTo("readiness.pattern");
      assertThat(onlyErrorOf(anExecProcessor().withReadiness("stdout", "ready", 5L)).field()).isEqualTo("readiness.delay_ms");
    }

    @ParameterizedTest
    @CsvSource(value = {"ready", "FIRST_FRAME", "''", "null"}, nullValues = "null")
    void rejectsOtherKindsListingTheKnownOnes(String kind) {
      FieldError error = onlyErrorOf(anExecProcessor().withReadiness(kind, null, null));

      assertThat(error).isEqualTo(new FieldError("readiness.kind", "'" + kind + "' is unknown; use first_frame,"
          + " first_event, stdout (with pattern) or delay (with delay_ms)"));
    }

    @ParameterizedTest
    @NullAndEmptySource
    void stdoutNeedsAPattern(String pattern) {
      FieldError error = onlyErrorOf(anExecProcessor().withReadiness("stdout", pattern, null));

      assertThat(error).isEqualTo(new FieldError("readiness.pattern",
          "is required for kind stdout: a regular expression a stdout line must contain"));
    }

    @ParameterizedTest
    @CsvSource(value = {"'ready (port', Unclosed group", "'*ready', Dangling meta character '*'",
        "'[a-', Illegal character range"})
    void stdoutNeedsAValidRegularExpressionAndTheMessageSaysWhatIsWrong(String pattern, String reason) {
      FieldError error = onlyErrorOf(anExecProcessor().withReadiness("stdout", pattern, null));

      assertThat(error.field()).isEqualTo("readiness.pattern");
      assertThat(error.message()).startsWith("is not a valid regular expression: ").contains(reason);
    }

    @ParameterizedTest
    @CsvSource(value = {"null", "-1", "600001"}, nullValues = "null")
    void delayNeedsADelayFromZeroTo600000Ms(Long delayMs) {
      FieldError error = onlyErrorOf(anExecProcessor().withReadiness("delay", null, delayMs));

      assertThat(error).isEqualTo(new FieldError("readiness.delay_ms", "is required for kind delay: 0 to 600000"));
    }
  }

  @Nested
  class ResourcesAndDescription {
    @Test
    void resourcesOverrideTheStreamDefaultFieldByField() {
      ProcessorSpec spec = parse(anExecProcessor().withResources(2000, null, 1, "hailo"));

      assertThat(spec.resources()).isEqualTo(new Resources(2000, Resources.STREAM_DEFAULT.memoryMb(), 1, "hailo"));
    }

    @Test
    void resourcesOutOfRangeAreRejectedLikeAStreamsResources() {
      List<FieldError> errors = errorsOf(anExecProcessor().withResources(0, 0, 65, "Hailo 8"), "detector");

      assertThat(errors).extracting(FieldError::field)
          .containsExactly("resources.cpu_millis", "resources.memory_mb", "resources.gpu", "resources.accelerator");
    }

    @Test
    void descriptionMayBeUpTo1024Characters() {
      assertThat(parse(anExecProcessor().withDescription("d".repeat(1024))).description()).hasSize(1024);
      assertThat(onlyErrorOf(anExecProcessor().withDescription("d".repeat(1025))))
          .isEqualTo(new FieldError("description", "is 1025 characters long; the limit is 1024"));
    }
  }

  @Test
  void collectsAnErrorForEveryBadFieldNotOnlyTheFirst() {
    List<FieldError> errors = errorsOf(anExecProcessor()
        .withName("Other")
        .withBuiltin("motion")
        .withCommand("", "{nope}")
        .withEnv(Map.of("A B", "x"))
        .withReadiness("stdout", "(", null)
        .withResources(0, null, null, null)
        .withDescription("d".repeat(2000)), "detector");

    assertThat(errors).extracting(FieldError::field).containsExactly(
        "name", "command[0]", "command[1]", "builtin", "env", "readiness.pattern", "resources.cpu_millis", "description");
  }
}
