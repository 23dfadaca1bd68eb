package io.streamfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfleet.model.Json;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code streamfleet processor set}: the rollout options become the spec's update policy. */
class ProcessorCommandTest {
  private static final String WRITTEN = "{\"name\":\"motion\",\"version\":2,\"changed\":true}";

  @RegisterExtension final StubApi api = StubApi.started();

  @Test
  void theRolloutOptionsAreSentAsTheUpdatePolicy() throws Exception {
    api.on("PUT /api/v1/processors/motion", 200, WRITTEN);

    StubApi.Run run = api.run("processor", "set", "motion", "--builtin", "motion", "--max-parallel", "5", "--canary", "2",
        "--min-healthy", "30s", "--no-auto-revert", "--max-failures", "1", "--ready-deadline", "2m");

    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode update = Json.mapper().readTree(api.last("PUT", "/api/v1/processors/motion").body()).path("update");
    assertThat(update.path("max_parallel").asInt()).isEqualTo(5);
    assertThat(update.path("canary").asInt()).isEqualTo(2);
    assertThat(update.path("min_healthy_time_ms").asLong()).isEqualTo(30_000);
    assertThat(update.path("auto_revert").asBoolean(true)).isFalse();
    assertThat(update.path("max_failures").asInt()).isEqualTo(1);
    assertThat(update.path("ready_deadline_ms").asLong()).isEqualTo(120_000);
  }

  @Test
  void withoutRolloutOptionsTheServerDefaultsApply() throws Exception {
    api.on("PUT /api/v1/processors/motion", 200, WRITTEN);

    StubApi.Run run = api.run("processor", "set", "motion", "--builtin", "motion", "--cpu-millis", "300");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Json.mapper().readTree(api.last("PUT", "/api/v1/processors/motion").body()).has("update")).isFalse();
  }

  @Test
  void aBadDurationIsRefusedNamingTheOption() {
    StubApi.Run run = api.run("processor", "set", "motion", "--builtin", "motion", "--min-healthy", "soon");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("--min-healthy");
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void theHelpPrintsItsExamplesWithoutAFormattingWarning() {
    // picocli reports a help text it cannot format on System.err, not on the command's writer
    PrintStream before = System.err;
    ByteArrayOutputStream stderr = new ByteArrayOutputStream();
    StubApi.Run run;
    System.setErr(new PrintStream(stderr, true, StandardCharsets.UTF_8));
    try {
      run = api.run("processor", "set", "--help");
    } finally {
      System.setErr(before);
    }

    assertThat(stderr.toString(StandardCharsets.UTF_8) + run.err()).doesNotContain("WARN");
    assertThat(run.out()).contains("{stream.id}-%03d.mp4");
  }
}
