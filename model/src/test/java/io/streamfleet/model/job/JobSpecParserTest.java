package io.streamfleet.model.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfleet.model.DriverKind;
import io.streamfleet.model.FieldError;
import io.streamfleet.model.InvalidInputException;
import io.streamfleet.model.Json;
import io.streamfleet.model.ProcessorSpec;
import io.streamfleet.model.Resources;
import io.streamfleet.model.command.CommandCodec;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.SubmitJobs;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JobSpecParserTest {
  private final Map<String, Scenario> scenarios = Scenarios.builtin().stream().collect(Collectors.toMap(Scenario::name, s -> s));
  private final ProcessorSpec transcoder = new ProcessorSpec("transcode", 1, DriverKind.EXEC, null,
      List.of("/usr/bin/ffmpeg", "-i", "{stream.url}", "-f", "null", "-"), null, null, null, Resources.of(800, 256), null);
  private final ProcessorSpec motion = new ProcessorSpec("motion", 1, DriverKind.BUILTIN, "motion", null, null, null, null, null, null);
  private final Function<String, ProcessorSpec> processors = Map.of("transcode", transcoder, "motion", motion)::get;

  private JobSpec parse(String json) throws Exception {
    return JobSpecParser.parse(Json.mapper().readValue(json, JobRequest.class), scenarios::get, processors);
  }

  private List<String> fieldsOf(String json) {
    try {
      parse(json);
    } catch (InvalidInputException e) {
      return e.errors().stream().map(FieldError::field).toList();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
    throw new AssertionError("no error for " + json);
  }

  @Test
  void theSeedsBodyTakesTheScenarioAndItsParameters() throws Exception {
    JobSpec spec = parse("{\"scenario\":\"4K60-h264\",\"confidence\":\"auto\",\"parameters\":{\"duration\":300,\"bitrate\":\"15000k\"}}");

    assertThat(spec.runsScenario()).isTrue();
    assertThat(spec.ffmpeg().durationS()).isEqualTo(300);
    assertThat(spec.ffmpeg().bitrate()).isEqualTo("15000k");
    assertThat(spec.ffmpeg().width()).isEqualTo(3840);
    assertThat(spec.params()).containsEntry("duration", "300").containsEntry("bitrate", "15000k");
    assertThat(spec.confidence()).isEqualTo("auto");
    assertThat(spec.resources()).isEqualTo(scenarios.get("4K60-h264").resources());
    assertThat(spec.retry()).isEqualTo(RetryPolicy.DEFAULT);
    assertThat(spec.priority()).isEqualTo(50);
  }

  @Test
  void overridesWinOverTheScenario() throws Exception {
    JobSpec spec = parse("{\"scenario\":\"1080p30-h264\",\"duration_s\":2,\"resolution\":\"320x240\",\"fps\":15,\"codec\":\"libx265\","
        + "\"preset\":\"ultrafast\",\"output\":\"out.mp4\",\"timeout_s\":30,\"retry\":{\"max_attempts\":5,\"backoff_s\":0.5}}");

    assertThat(spec.ffmpeg()).isEqualTo(new FfmpegSettings("lavfi:testsrc2", 2, "libx265", 320, 240, 15.0, "5M", "ultrafast", "out.mp4"));
    assertThat(spec.timeoutMs()).isEqualTo(30_000);
    assertThat(spec.retry()).isEqualTo(new RetryPolicy(5, 500, 60_000));
  }

  @Test
  void aProcessorJobNeedsAnExecProcessorAndAnInput() throws Exception {
    JobSpec spec = parse("{\"processor\":\"transcode\",\"input\":\"file:///srv/in.mp4\"}");
    assertThat(spec.runsScenario()).isFalse();
    assertThat(spec.resources()).isEqualTo(Resources.of(800, 256));

    assertThat(fieldsOf("{\"processor\":\"motion\",\"input\":\"file:///srv/in.mp4\"}")).containsExactly("processor");
    assertThat(fieldsOf("{\"processor\":\"transcode\"}")).containsExactly("input");
    assertThat(fieldsOf("{\"processor\":\"transcode\",\"input\":\"file:///x\",\"codec\":\"libx264\"}")).containsExactly("codec");
  }

  @Test
  void everyBadFieldIsNamed() {
    assertThat(fieldsOf("{}")).containsExactly("scenario");
    assertThat(fieldsOf("{\"scenario\":\"8K-magic\"}")).containsExactly("scenario");
    assertThat(fieldsOf("{\"scenario\":\"720p30-h264\",\"duration_s\":-1}")).containsExactly("duration_s");
    assertThat(fieldsOf("{\"scenario\":\"720p30-h264\",\"parameters\":{\"duration\":-5}}")).containsExactly("parameters.duration");
    assertThat(fieldsOf("{\"scenario\":\"720p30-h264\",\"resolution\":\"big\",\"bitrate\":\"fast\",\"priority\":101,"
        + "\"timeout_s\":0,\"retry\":{\"max_attempts\":0},\"output\":\"../etc/passwd\",\"id\":\"has space\"}"))
        .containsExactlyInAnyOrder("resolution", "parameters.bitrate".equals("") ? "" : "bitrate", "priority", "timeout_s",
            "retry.max_attempts", "output", "id");
    assertThat(fieldsOf("{\"scenario\":\"720p30-h264\",\"processor\":\"transcode\"}")).containsExactly("scenario");
    assertThat(fieldsOf("{\"scenario\":\"720p30-h264\",\"input\":\"lavfi:testsrc2;rm -rf\"}")).containsExactly("input");
  }

  @Test
  void aSpecSurvivesTheRaftLogWithItsScenarioName() throws Exception {
    JobSpec spec = parse("{\"scenario\":\"720p-hevc\",\"id\":\"j-1\",\"depends_on\":\"j-0\",\"idempotency_key\":\"k\"}");

    SubmitJobs decoded = (SubmitJobs) CommandCodec.decode(CommandCodec.encode(new SubmitJobs(new CommandMeta(1, "a", "b"), List.of(spec))));

    assertThat(decoded.jobs()).containsExactly(spec);
    assertThat(Json.mapper().writeValueAsString(spec)).contains("\"scenario\":\"720p-hevc\"");
  }

  @Test
  void theBuiltinScenariosLoadAndTheirCommandsAreFfmpegWithProgress() {
    assertThat(scenarios).containsKeys("4K60-h264", "1080p30-h264", "720p-hevc", "test-1080p");
    List<String> argv = FfmpegCommand.argv(scenarios.get("720p30-h264").settings().withOverrides(null, 2.0, null, null, null, null, null,
        null, null));

    assertThat(argv).startsWith("ffmpeg").containsSequence("-progress", "pipe:1")
        .containsSequence("-f", "lavfi", "-i", "testsrc2=size=1280x720:rate=30").containsSequence("-t", "2")
        .containsSequence("-c:v", "libx264").endsWith("-f", "null", "-");
    assertThat(FfmpegCommand.argv(new FfmpegSettings("rtsp://cam/1", 5, "libx264", 640, 360, 10.0, "1M", "veryfast", "clip.mp4")))
        .containsSequence("-i", "rtsp://cam/1").containsSequence("-s", "640x360").endsWith("{data.dir}/clip.mp4");
  }

  @Test
  void backoffDoublesUpToItsCapWithDeterministicJitter() {
    RetryPolicy p = new RetryPolicy(10, 1_000, 8_000);

    assertThat(p.delayMs("a", 1)).isBetween(500L, 1_000L);
    assertThat(p.delayMs("a", 2)).isBetween(1_000L, 2_000L);
    assertThat(p.delayMs("a", 3)).isBetween(2_000L, 4_000L);
    assertThat(p.delayMs("a", 9)).isBetween(4_000L, 8_000L);
    assertThat(p.delayMs("a", 2)).isEqualTo(p.delayMs("a", 2));
    assertThat(List.of("a", "b", "c", "d", "e").stream().map(id -> p.delayMs(id, 3)).distinct().count()).isGreaterThan(1);
  }
}
