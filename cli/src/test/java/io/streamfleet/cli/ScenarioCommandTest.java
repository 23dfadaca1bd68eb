package io.streamfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfleet.model.Json;
import io.streamfleet.model.job.Scenarios;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code streamfleet scenario ...}: the table, and what {@code put} sends. */
class ScenarioCommandTest {
  private static final String NOT_FOUND = "{\"error\":{\"code\":\"not_found\",\"message\":\"scenario 'x' does not exist\"}}";
  @RegisterExtension final StubApi api = StubApi.started();
  @TempDir Path tmp;

  @Test
  void theTableListsTheBuiltInScenarios() {
    StringWriter s = new StringWriter();
    ScenarioCommand.table(Scenarios.builtin()).print(new PrintWriter(s, true));
    assertThat(s.toString().lines().findFirst().orElseThrow())
        .matches("NAME +RESOLUTION +FPS +CODEC +BITRATE +PRESET +DURATION +CPU +BUILTIN");
    assertThat(s.toString()).containsPattern("4K60-h264 +3840x2160 +60 +libx264 +20M +veryfast +10s +4000m +yes");
  }

  @Test
  void putWithFlagsChangesOnlyWhatTheyNameOnAnExistingScenario() throws Exception {
    String existing = Json.mapper().writeValueAsString(Scenarios.builtin().getFirst());
    api.on("GET /api/v1/scenarios/4K60-h264", 200, existing);
    api.on("PUT /api/v1/scenarios/4K60-h264", 200, existing);
    StubApi.Run run = api.run("scenario", "put", "4K60-h264", "--bitrate", "25M", "--cpu-millis", "6000");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("scenario 4K60-h264 saved: lavfi:testsrc2, 10 s, libx264, 3840x2160, 60 fps");
    JsonNode sent = Json.mapper().readTree(api.last("PUT", "/api/v1/scenarios/4K60-h264").body());
    assertThat(sent.path("settings").path("bitrate").asText()).isEqualTo("25M");
    assertThat(sent.path("settings").path("codec").asText()).isEqualTo("libx264");
    assertThat(sent.path("settings").path("width").asInt()).isEqualTo(3840);
    assertThat(sent.path("resources").path("cpu_millis").asInt()).isEqualTo(6000);
    assertThat(sent.path("resources").path("memory_mb").asInt()).isEqualTo(2048);
    assertThat(sent.has("name")).isFalse();
    assertThat(sent.has("builtin")).isFalse();
  }

  @Test
  void putOfANewScenarioSendsOnlyTheGivenFields() throws Exception {
    api.on("GET /api/v1/scenarios/720p-fast", 404, NOT_FOUND);
    api.on("PUT /api/v1/scenarios/720p-fast", 200, Json.mapper().writeValueAsString(Scenarios.builtin().getFirst()));
    StubApi.Run run = api.run("scenario", "put", "720p-fast", "--resolution", "1280x720", "--fps", "30", "--description", "fast");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(Json.mapper().readTree(api.last("PUT", "/api/v1/scenarios/720p-fast").body()).toString())
        .isEqualTo("{\"description\":\"fast\",\"settings\":{\"width\":1280,\"height\":720,\"fps\":30.0}}");
  }

  @Test
  void putAcceptsTheOutputOfShowAsItsFile() throws Exception {
    Path file = tmp.resolve("s.json");
    Files.writeString(file, Json.mapper().writeValueAsString(Scenarios.builtin().getFirst()).replace("4K60-h264", "mine"));
    api.on("PUT /api/v1/scenarios/mine", 200, Json.mapper().writeValueAsString(Scenarios.builtin().getFirst()));
    StubApi.Run run = api.run("scenario", "put", "mine", "-f", file.toString(), "--preset", "medium");
    assertThat(run.exitCode()).as(run.err()).isZero();
    JsonNode sent = Json.mapper().readTree(api.last("PUT", "/api/v1/scenarios/mine").body());
    assertThat(sent.path("settings").path("preset").asText()).isEqualTo("medium");
    assertThat(sent.path("description").asText()).startsWith("2160p at 60 fps");

    StubApi.Run other = api.run("scenario", "put", "theirs", "-f", file.toString());
    assertThat(other.exitCode()).isEqualTo(2);
    assertThat(other.err()).contains("names scenario 'mine' but the command puts 'theirs'");
  }

  @Test
  void putOfANewScenarioWithoutSettingsIsAUsageError() {
    api.on("GET /api/v1/scenarios/x", 404, NOT_FOUND);
    StubApi.Run run = api.run("scenario", "put", "x");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.err()).contains("scenario x does not exist yet; give its settings");
  }

  @Test
  void lsShowAndRmCallTheirEndpoints() throws Exception {
    api.on("GET /api/v1/scenarios", 200, "{\"scenarios\": " + Json.mapper().writeValueAsString(Scenarios.builtin()) + "}");
    api.on("GET /api/v1/scenarios/4K60-h264", 200, Json.mapper().writeValueAsString(Scenarios.builtin().getFirst()));
    api.on("DELETE /api/v1/scenarios/mine", 204, "");
    assertThat(api.run("scenario", "ls").out()).contains("1080p30-h264");
    assertThat(api.run("scenario", "show", "4K60-h264").out()).contains("name:        4K60-h264 (built-in)")
        .contains("command:     ffmpeg -hide_banner");
    StubApi.Run rm = api.run("scenario", "rm", "mine");
    assertThat(rm.exitCode()).as(rm.err()).isZero();
    assertThat(rm.out()).isEqualTo("scenario mine deleted\n");
  }
}
