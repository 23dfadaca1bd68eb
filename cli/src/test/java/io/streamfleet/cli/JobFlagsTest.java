package io.streamfleet.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.job.JobRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** {@code job submit} flags become the JobRequest the server reads. */
class JobFlagsTest {
  private static JobFlags parse(String... args) {
    JobCommand.Submit submit = new JobCommand.Submit();
    new CommandLine(submit).parseArgs(args);
    return submit.flags;
  }

  @Test
  void everyFlagLandsInItsField() {
    JobRequest r = parse("--scenario", "1080p30-h264", "--duration-s", "5", "--codec", "libx265", "--resolution", "1280x720", "--fps", "25",
        "--bitrate", "5M", "--preset", "ultrafast", "--output", "out.mp4", "--input", "lavfi:testsrc2", "--priority", "80",
        "--cpu-millis", "1500", "--memory-mb", "512", "--zone", "north", "--selector", "gpu=none", "--selector", "site=ranch",
        "--timeout-s", "120", "--max-attempts", "5", "--backoff-s", "2", "--max-backoff-s", "30", "--idempotency-key", "nightly-1",
        "--depends-on", "prep-1", "--param", "note=first", "--id", "enc-1", "--confidence", "auto").request(null);
    assertThat(r).isEqualTo(new JobRequest("enc-1", "1080p30-h264", null, "lavfi:testsrc2", 5.0, "libx265", "1280x720", 25.0, "5M",
        "ultrafast", "out.mp4", Map.of("note", "first"), "auto", 80, new StreamRequest.ResourceRequest(1500, 512, null, null), "north",
        Map.of("gpu", "none", "site", "ranch"), 120.0, new JobRequest.Retry(5, 2.0, 30.0), "nightly-1", "prep-1"));
  }

  @Test
  void onlyTheScenarioIsSentWhenNothingElseIsGiven() {
    assertThat(parse("--scenario", "4K60-h264").request(null)).isEqualTo(JobRequest.ofScenario("4K60-h264"));
  }

  @Test
  void numericParametersAreSentAsNumbersSoTheServerUsesThemAsTheDuration() {
    JobRequest r = parse("--scenario", "1080p30-h264", "--param", "duration=5", "--param", "bitrate=4000k", "--param", "scale=1.5",
        "--param", "zip=007").request(null);
    assertThat(r.parameters()).containsEntry("duration", 5L).containsEntry("bitrate", "4000k").containsEntry("scale", 1.5)
        .containsEntry("zip", "007");
  }

  @Test
  void flagsOverrideTheFileFieldByFieldAndMergeItsMaps() {
    JobRequest file = new JobRequest(null, "1080p30-h264", null, null, 10.0, null, null, null, "4M", null, null, Map.of("a", 1, "b", 2),
        null, 10, new StreamRequest.ResourceRequest(1000, 256, null, null), null, Map.of("site", "ranch"), null,
        new JobRequest.Retry(2, null, null), null, null);
    JobRequest r = parse("--bitrate", "8M", "--param", "b=3", "--memory-mb", "1024", "--backoff-s", "5", "--selector", "gpu=none")
        .request(file);
    assertThat(r.scenario()).isEqualTo("1080p30-h264");
    assertThat(r.durationS()).isEqualTo(10.0);
    assertThat(r.bitrate()).isEqualTo("8M");
    assertThat(r.priority()).isEqualTo(10);
    assertThat(r.parameters()).isEqualTo(Map.of("a", 1, "b", 3L));
    assertThat(r.resources()).isEqualTo(new StreamRequest.ResourceRequest(1000, 1024, null, null));
    assertThat(r.retry()).isEqualTo(new JobRequest.Retry(2, 5.0, null));
    assertThat(r.nodeSelector()).isEqualTo(Map.of("site", "ranch", "gpu", "none"));
  }

  @Test
  void aProcessorJobNeedsAnInput() {
    assertThatThrownBy(() -> parse("--processor", "transcode").request(null)).isInstanceOf(CliException.class)
        .hasMessageContaining("--processor transcode needs --input URL")
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(2));
    assertThat(parse("--processor", "transcode", "--input", "rtsp://cam/1").request(null).processor()).isEqualTo("transcode");
  }

  @Test
  void aJobRunsEitherAScenarioOrAProcessor() {
    assertThatThrownBy(() -> parse().request(null)).hasMessageContaining("a job needs --scenario NAME");
    assertThatThrownBy(() -> parse("--scenario", "x", "--processor", "y", "--input", "z").request(null))
        .hasMessageContaining("--scenario x and --processor y are both set");
  }

  @Test
  void aResolutionThatIsNotWidthByHeightIsAUsageError() {
    assertThatThrownBy(() -> parse("--scenario", "x", "--resolution", "1080p").request(null))
        .hasMessage("--resolution '1080p' is not WIDTHxHEIGHT; use e.g. 1920x1080");
  }
}
