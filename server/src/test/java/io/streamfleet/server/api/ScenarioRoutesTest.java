package io.streamfleet.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ScenarioRoutesTest {
  private final RoutesFixture api = RoutesFixture.start();

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void theBuiltinScenariosAreListed() {
    JsonNode list = api.get("/api/v1/scenarios").json();

    assertThat(list.path("scenarios").findValuesAsText("name")).contains("4K60-h264", "1080p30-h264");
    JsonNode one = api.get("/api/v1/scenarios/4K60-h264").json();
    assertThat(one.path("builtin").asBoolean()).isTrue();
    assertThat(one.path("settings").path("width").asInt()).isEqualTo(3840);
  }

  @Test
  void aPutScenarioIsStoredAndJobsCanUseIt() {
    RoutesFixture.Response r = api.put("/api/v1/scenarios/1440p30-av1", """
        {"description": "1440p AV1", "settings": {"duration_s": 8, "codec": "libsvtav1", "width": 2560, "height": 1440,
         "fps": 30, "bitrate": "6M", "preset": "8"}, "resources": {"cpu_millis": 3000, "memory_mb": 1024}}""");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("builtin").asBoolean()).isFalse();
    assertThat(r.json().path("resources").path("cpu_millis").asInt()).isEqualTo(3000);
    JsonNode job = api.post("/api/v1/jobs", """
        {"scenario": "1440p30-av1"}""").json();
    assertThat(job.path("spec").path("ffmpeg").path("codec").asText()).isEqualTo("libsvtav1");
    assertThat(job.path("spec").path("resources").path("cpu_millis").asInt()).isEqualTo(3000);
  }

  @Test
  void everyBadFieldIsNamed() {
    RoutesFixture.Response r = api.put("/api/v1/scenarios/bad", """
        {"settings": {"duration_s": -1, "codec": "LIB X264", "width": 1920, "fps": 500, "bitrate": "fast", "output": "../x"},
         "resources": {"cpu_millis": 0}}""");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.fields()).contains("settings.duration_s", "settings.codec", "settings.height", "settings.fps", "settings.bitrate",
        "settings.output", "resources.cpu_millis");
  }

  @Test
  void aGeneratedInputNeedsADurationAndABadNameIsRefused() {
    RoutesFixture.Response noDuration = api.put("/api/v1/scenarios/forever", """
        {"settings": {"codec": "libx264"}}""");
    assertThat(noDuration.status()).isEqualTo(400);
    assertThat(noDuration.fields()).containsExactly("settings.duration_s");

    RoutesFixture.Response badName = api.put("/api/v1/scenarios/-x", """
        {"settings": {"duration_s": 5}}""");
    assertThat(badName.status()).isEqualTo(400);
    assertThat(badName.fields()).containsExactly("name");

    assertThat(api.put("/api/v1/scenarios/x", """
        {"settings": {"duration_s": 5, "colour": "red"}}""").status()).isEqualTo(400);
  }

  @Test
  void deleteRemovesAScenarioAndUnknownOnesAre404() {
    api.put("/api/v1/scenarios/tmp", """
        {"settings": {"duration_s": 5}}""");

    assertThat(api.delete("/api/v1/scenarios/tmp").status()).isEqualTo(204);
    assertThat(api.get("/api/v1/scenarios/tmp").status()).isEqualTo(404);
    assertThat(api.delete("/api/v1/scenarios/tmp").status()).isEqualTo(404);
  }
}
