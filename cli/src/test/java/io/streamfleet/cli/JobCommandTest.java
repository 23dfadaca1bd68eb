package io.streamfleet.cli;

import static io.streamfleet.cli.JobViewBuilder.aJob;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfleet.client.JobLogs;
import io.streamfleet.model.Json;
import io.streamfleet.model.job.JobAttempt;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code streamfleet job ...} against a stub server: what is sent, what is printed, and the exit code. */
class JobCommandTest {
  @RegisterExtension final StubApi api = StubApi.started();
  @TempDir Path tmp;

  private static String json(Object value) throws Exception {
    return Wire.json(value);
  }

  @Test
  void submitSendsTheFlagsAsTheJobAndPrintsItsIdAndState() throws Exception {
    api.on("POST /api/v1/jobs", 201, json(aJob("enc-1").build()));
    StubApi.Run run = api.run("job", "submit", "--scenario", "1080p30-h264", "--duration-s", "5", "--param", "duration=5");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("job enc-1 queued\n");
    JsonNode sent = Json.mapper().readTree(api.last("POST", "/api/v1/jobs").body());
    assertThat(sent.path("scenario").asText()).isEqualTo("1080p30-h264");
    assertThat(sent.path("duration_s").asDouble()).isEqualTo(5.0);
    assertThat(sent.path("parameters").path("duration").isNumber()).isTrue();
    assertThat(sent.has("processor")).isFalse();
  }

  @Test
  void aRepeatedIdempotencyKeyNamesTheEarlierJob() throws Exception {
    api.on("POST /api/v1/jobs", 200, json(aJob("enc-1").state("running").on("node-1").build()));
    StubApi.Run run = api.run("job", "submit", "--scenario", "1080p30-h264", "--idempotency-key", "nightly");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).isEqualTo("job enc-1 running on node-1   (submitted before with idempotency key nightly)\n");
  }

  @Test
  void submitAsJsonPrintsTheJobView() throws Exception {
    api.on("POST /api/v1/jobs", 201, json(aJob("enc-1").build()));
    StubApi.Run run = api.run("job", "submit", "--scenario", "1080p30-h264", "-o", "json");
    JsonNode printed = Json.mapper().readTree(run.out());
    assertThat(printed.path("id").asText()).isEqualTo("enc-1");
    assertThat(printed.path("state").asText()).isEqualTo("queued");
  }

  @Test
  void waitReturnsZeroWhenTheJobSucceeds() throws Exception {
    api.on("POST /api/v1/jobs", 201, json(aJob("enc-1").build()));
    api.on("GET /api/v1/jobs/enc-1", 200, json(aJob("enc-1").state("running").build()));
    api.on("GET /api/v1/jobs/enc-1", 200, json(aJob("enc-1").state("succeeded").result(JobViewBuilder.succeeded(5200, 2.3))
        .analyzer("real-time capable at 2.30x").build()));
    StubApi.Run run = api.run("job", "submit", "--scenario", "1080p30-h264", "--wait");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("job enc-1 succeeded: real-time capable at 2.30x\n");
  }

  @Test
  void waitExitsOneNamingTheStateAndReasonWhenTheJobFails() throws Exception {
    api.on("POST /api/v1/jobs", 201, json(aJob("enc-1").build()));
    api.on("GET /api/v1/jobs/enc-1", 200, json(aJob("enc-1").state("failed").reason("exit code 1 after 3 attempts").build()));
    StubApi.Run run = api.run("job", "submit", "--scenario", "1080p30-h264", "--wait", "--wait-timeout-s", "5");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("error: job enc-1 failed: exit code 1 after 3 attempts; see: streamfleet job logs enc-1\n");
  }

  @Test
  void aFileWithJobsIsSubmittedAsOneBatch() throws Exception {
    Path file = tmp.resolve("batch.json");
    Files.writeString(file, "{\"jobs\": [{\"scenario\": \"1080p30-h264\"}, {\"scenario\": \"4K60-h264\", \"parameters\": {\"duration\": 5}}]}");
    api.on("POST /api/v1/jobs", 201, "{\"jobs\": [" + json(aJob("a").build()) + "," + json(aJob("b").build()) + "]}");
    StubApi.Run run = api.run("job", "submit", "-f", file.toString());
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).isEqualTo("job a queued\njob b queued\n");
    assertThat(Json.mapper().readTree(api.last("POST", "/api/v1/jobs").body()).path("jobs").size()).isEqualTo(2);
  }

  @Test
  void flagsOverrideAJobFile() throws Exception {
    Path file = tmp.resolve("job.json");
    Files.writeString(file, "{\"scenario\": \"1080p30-h264\", \"parameters\": {\"duration\": 5, \"bitrate\": \"4000k\"}}");
    api.on("POST /api/v1/jobs", 201, json(aJob("enc-1").build()));
    assertThat(api.run("job", "submit", "-f", file.toString(), "--priority", "90").exitCode()).isZero();
    JsonNode sent = Json.mapper().readTree(api.last("POST", "/api/v1/jobs").body());
    assertThat(sent.path("priority").asInt()).isEqualTo(90);
    assertThat(sent.path("parameters").path("bitrate").asText()).isEqualTo("4000k");
  }

  @Test
  void usageErrorsExitTwoWithoutCallingTheServer() throws Exception {
    StubApi.Run none = api.run("job", "submit");
    assertThat(none.exitCode()).isEqualTo(2);
    assertThat(none.err()).contains("a job needs --scenario NAME");
    Path bad = tmp.resolve("bad.json");
    Files.writeString(bad, "{\"scenario\": \"x\", \"bogus\": 1}");
    StubApi.Run badFile = api.run("job", "submit", "-f", bad.toString());
    assertThat(badFile.exitCode()).isEqualTo(2);
    assertThat(badFile.err()).contains("bogus");
    assertThat(api.run("job", "ls", "--state", "sleeping").exitCode()).isEqualTo(2);
    assertThat(api.requests()).isEmpty();
  }

  @Test
  void theServersRefusalIsPrintedWithItsFieldErrors() {
    api.on("POST /api/v1/jobs", 400, "{\"error\":{\"code\":\"invalid\",\"message\":\"the job is invalid\",\"details\":"
        + "[{\"field\":\"scenario\",\"message\":\"unknown scenario 'nope'\"}]}}");
    StubApi.Run run = api.run("job", "submit", "--scenario", "nope");
    assertThat(run.exitCode()).isEqualTo(1);
    assertThat(run.err()).isEqualTo("error: the job is invalid\n  scenario: unknown scenario 'nope'\n");
  }

  @Test
  void lsPassesTheFiltersAndSaysWhenTheLimitCutTheList() throws Exception {
    api.on("GET /api/v1/jobs", 200, "{\"jobs\": [" + json(aJob("enc-1").state("running").on("node-1").build()) + "], \"total\": 7}");
    StubApi.Run run = api.run("job", "ls", "--state", "running", "--node", "node-1", "--limit", "1");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(api.last("GET", "/api/v1/jobs").query()).isEqualTo("state=running&node=node-1&limit=1");
    assertThat(run.out()).startsWith("ID     STATE    SCENARIO/PROCESSOR").containsPattern("enc-1  running  1080p30-h264 +50 +node-1 +0/3")
        .endsWith("(1 of 7 jobs; more with --limit N)\n");
  }

  @Test
  void cancelRetryAndShowCallTheirEndpoints() throws Exception {
    api.on("POST /api/v1/jobs/enc-1/cancel", 200, json(aJob("enc-1").state("canceled").reason("canceled by alice").build()));
    api.on("POST /api/v1/jobs/enc-1/retry", 200, json(aJob("enc-1").state("queued").build()));
    api.on("GET /api/v1/jobs/enc-1", 200, json(aJob("enc-1").state("queued").build()));
    assertThat(api.run("job", "cancel", "enc-1").out()).isEqualTo("job enc-1 canceled: canceled by alice\n");
    assertThat(api.run("job", "retry", "enc-1").out()).isEqualTo("job enc-1 queued\n");
    assertThat(api.run("job", "show", "enc-1").out()).contains("id:          enc-1").contains("runs:        scenario 1080p30-h264");
    StubApi.Run missing = api.run("job", "show", "nope");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.err()).contains("no route /api/v1/jobs/nope");
  }

  @Test
  void logsPrintTheStderrTailAndTheAttempts() throws Exception {
    JobLogs logs = new JobLogs("enc-1", "Unknown encoder 'libx266'\nConversion failed!\n",
        List.of(new JobAttempt(1, "node-1", true, "failed", "exit code 1", 2_000_000, 2_001_000)),
        JobViewBuilder.failed("exit code 1", null));
    api.on("GET /api/v1/jobs/enc-1/logs", 200, json(logs));
    StubApi.Run run = api.run("job", "logs", "enc-1");
    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).startsWith("stderr (last lines):\n  Unknown encoder 'libx266'\n  Conversion failed!\n\nattempts (oldest first):\n")
        .contains("1      node-1  failed   yes      1970-01-01T00:33:20Z  1.0s  exit code 1");
    assertThat(Json.mapper().readValue(api.run("job", "logs", "enc-1", "-o", "json").out(), Map.class)).containsEntry("job", "enc-1");
  }
}
