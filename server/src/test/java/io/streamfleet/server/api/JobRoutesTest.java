package io.streamfleet.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobRoutesTest {
  private final RoutesFixture api = RoutesFixture.start();

  @AfterEach
  void stop() {
    api.close();
  }

  @Test
  void submittingAScenarioJobAnswers201WithTheQueuedJob() {
    RoutesFixture.Response r = api.post("/api/v1/jobs", """
        {"scenario": "1080p30-h264", "parameters": {"duration": 5, "bitrate": "4000k"}}""");

    assertThat(r.status()).isEqualTo(201);
    JsonNode job = r.json();
    assertThat(job.path("id").asText()).isNotBlank();
    assertThat(job.path("state").asText()).isEqualTo("queued");
    assertThat(job.path("spec").path("ffmpeg").path("duration_s").asDouble()).isEqualTo(5.0);
    assertThat(job.path("spec").path("ffmpeg").path("bitrate").asText()).isEqualTo("4000k");
    assertThat(api.get("/api/v1/jobs/" + job.path("id").asText()).status()).isEqualTo(200);
  }

  @Test
  void resubmittingWithAKnownIdempotencyKeyAnswers200WithTheFirstJob() {
    String body = """
        {"scenario": "720p30-h264", "idempotency_key": "nightly-42"}""";
    RoutesFixture.Response first = api.post("/api/v1/jobs", body);
    RoutesFixture.Response again = api.post("/api/v1/jobs", body);

    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(200);
    assertThat(again.json().path("id").asText()).isEqualTo(first.json().path("id").asText());
    assertThat(api.get("/api/v1/jobs").json().path("total").asLong()).isEqualTo(1);
  }

  @Test
  void aBatchIsSubmittedInOneCommandAndAnsweredInOrder() {
    RoutesFixture.Response r = api.post("/api/v1/jobs", """
        {"jobs": [{"id": "a", "scenario": "720p30-h264"}, {"id": "b", "scenario": "480p30-h264", "depends_on": "a"}]}""");

    assertThat(r.status()).isEqualTo(201);
    assertThat(ids(r.json().path("jobs"))).containsExactly("a", "b");
    assertThat(api.get("/api/v1/jobs/b").json().path("spec").path("depends_on").asText()).isEqualTo("a");
  }

  @Test
  void aBatchWithABadJobNamesItsIndexAndAddsNothing() {
    RoutesFixture.Response r = api.post("/api/v1/jobs", """
        {"jobs": [{"scenario": "720p30-h264"}, {"scenario": "no-such-scenario"}, {"scenario": "720p30-h264", "duration_s": -1}]}""");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.fields()).containsExactlyInAnyOrder("jobs[1].scenario", "jobs[2].duration_s");
    assertThat(r.json().path("error").path("message").asText()).contains("jobs[1].scenario: unknown scenario 'no-such-scenario'");
    assertThat(api.get("/api/v1/jobs").json().path("total").asLong()).isZero();
  }

  @Test
  void anUnknownScenarioIsA400ThatSaysWhereToListThem() {
    RoutesFixture.Response r = api.post("/api/v1/jobs", """
        {"scenario": "8K120-av1"}""");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.fields()).containsExactly("scenario");
    assertThat(r.json().path("error").path("message").asText()).contains("GET /api/v1/scenarios");
  }

  @Test
  void aNegativeDurationIsA400NamingTheField() {
    RoutesFixture.Response r = api.post("/api/v1/jobs", """
        {"scenario": "720p30-h264", "duration_s": -5}""");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.fields()).containsExactly("duration_s");
  }

  @Test
  void aJobWithoutScenarioOrProcessorIsA400NamingTheField() {
    RoutesFixture.Response r = api.post("/api/v1/jobs", """
        {"priority": 10}""");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.fields()).containsExactly("scenario");
  }

  @Test
  void anUnknownFieldInStreamfleetsOwnApiIsA400() {
    RoutesFixture.Response r = api.post("/api/v1/jobs", """
        {"scenario": "720p30-h264", "scenaryo": "x"}""");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("error").path("message").asText()).contains("unknown field 'scenaryo'");
  }

  @Test
  void theListIsNewestFirstWithTheTotalAndFilters() {
    for (String id : new String[] {"j1", "j2", "j3"}) {
      assertThat(api.post("/api/v1/jobs", "{\"id\": \"" + id + "\", \"scenario\": \"480p30-h264\"}").status()).isEqualTo(201);
    }
    api.post("/api/v1/jobs/j2/cancel", null);

    JsonNode all = api.get("/api/v1/jobs?limit=2").json();
    assertThat(ids(all.path("jobs"))).containsExactly("j3", "j2");
    assertThat(all.path("total").asLong()).isEqualTo(3);
    JsonNode queued = api.get("/api/v1/jobs?state=queued").json();
    assertThat(ids(queued.path("jobs"))).containsExactly("j3", "j1");
    assertThat(queued.path("total").asLong()).isEqualTo(2);
  }

  @Test
  void aBadStateFilterNamesTheAllowedStates() {
    RoutesFixture.Response r = api.get("/api/v1/jobs?state=done");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.json().path("error").path("message").asText())
        .contains("'done'", "queued, dispatched, running, succeeded, failed, canceled");
    assertThat(api.get("/api/v1/jobs?limit=0").status()).isEqualTo(400);
  }

  @Test
  void anUnknownJobIs404() {
    assertThat(api.get("/api/v1/jobs/nope").status()).isEqualTo(404);
    assertThat(api.post("/api/v1/jobs/nope/cancel", null).status()).isEqualTo(404);
    assertThat(api.post("/api/v1/jobs/nope/retry", null).status()).isEqualTo(404);
    assertThat(api.get("/api/v1/jobs/nope/logs").status()).isEqualTo(404);
  }

  @Test
  void cancelEndsAQueuedJobWithTheReasonAndASecondCancelIs409() {
    api.post("/api/v1/jobs", """
        {"id": "c1", "scenario": "480p30-h264"}""");

    RoutesFixture.Response r = api.post("/api/v1/jobs/c1/cancel", """
        {"reason": "wrong bitrate"}""");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("state").asText()).isEqualTo("canceled");
    assertThat(r.json().path("reason").asText()).isEqualTo("wrong bitrate");
    RoutesFixture.Response again = api.post("/api/v1/jobs/c1/cancel", null);
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().path("error").path("message").asText()).contains("already canceled");
  }

  @Test
  void retryQueuesACanceledJobAgainButNotAQueuedOne() {
    api.post("/api/v1/jobs", """
        {"id": "r1", "scenario": "480p30-h264"}""");
    assertThat(api.post("/api/v1/jobs/r1/retry", null).status()).isEqualTo(409);
    api.post("/api/v1/jobs/r1/cancel", null);

    RoutesFixture.Response r = api.post("/api/v1/jobs/r1/retry", null);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("state").asText()).isEqualTo("queued");
  }

  @Test
  void logsShowTheNewestAttemptsStderrResultAndHistory() {
    api.post("/api/v1/jobs", """
        {"id": "l1", "scenario": "480p30-h264", "retry": {"max_attempts": 1}}""");
    String node = api.post("/nodes/register", """
        {"address": "w1", "cpu_threads": 4, "ram_bytes": 8589934592}""").json().path("id").asText();
    assertThat(api.get("/jobs/next?node_id=" + node).json().path("job").path("id").asText()).isEqualTo("l1");
    api.post("/results", """
        {"job_id": "l1", "node_id": "w1", "status": "failed", "error": "Unknown encoder 'libx264'"}""");

    JsonNode logs = api.get("/api/v1/jobs/l1/logs").json();

    assertThat(logs.path("job").asText()).isEqualTo("l1");
    assertThat(logs.path("state").asText()).isEqualTo("failed");
    assertThat(logs.path("stderr_tail").asText()).isEqualTo("Unknown encoder 'libx264'");
    assertThat(logs.path("result").path("exit_code").asInt()).isEqualTo(1);
    assertThat(logs.path("history").get(0).path("node").asText()).isEqualTo("w1");
    assertThat(api.get("/api/v1/jobs?node=w1").json().path("total").asLong()).isEqualTo(1);
  }

  /** The top-level ids of a list of jobs (a job's spec has an id too). */
  static java.util.List<String> ids(JsonNode jobs) {
    java.util.List<String> out = new java.util.ArrayList<>();
    jobs.forEach(j -> out.add(j.path("id").asText()));
    return out;
  }
}
