package io.streamfleet.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfleet.model.Resources;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.RegisterNode;
import io.streamfleet.model.job.JobRecord;
import io.streamfleet.model.job.JobState;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The FFmpeg farm seed's API as its workers use it: register, heartbeat, poll, post results. */
class SeedApiRoutesTest {
  private static final String WORKER = """
      {"address": "worker-01", "type": "server", "cpu_threads": 16, "cpu_model": "Intel(R) Xeon(R) CPU E5-2680 v4",
       "has_gpu": true, "gpu_type": "NVIDIA Tesla T4", "ram_bytes": 34359738368,
       "labels": {"node_type": "server", "os": "linux", "arch": "amd64", "Bad Key!": "x"}}""";

  private final RoutesFixture api = RoutesFixture.start();

  @AfterEach
  void stop() {
    api.close();
  }

  // ---- nodes ----

  @Test
  void registeringAnswers201InTheSeedsShapeThen200WithTheSameId() {
    RoutesFixture.Response first = api.post("/nodes/register", WORKER);
    RoutesFixture.Response again = api.post("/nodes/register", WORKER);

    assertThat(first.status()).isEqualTo(201);
    assertThat(again.status()).isEqualTo(200);
    JsonNode node = first.json();
    assertThat(node.path("id").asText()).isEqualTo("worker-01").isEqualTo(again.json().path("id").asText());
    assertThat(node.path("address").asText()).isEqualTo("worker-01");
    assertThat(node.path("type").asText()).isEqualTo("server");
    assertThat(node.path("cpu_threads").asInt()).isEqualTo(16);
    assertThat(node.path("cpu_model").asText()).isEqualTo("Intel(R) Xeon(R) CPU E5-2680 v4");
    assertThat(node.path("has_gpu").asBoolean()).isTrue();
    assertThat(node.path("gpu_type").asText()).isEqualTo("NVIDIA Tesla T4");
    assertThat(node.path("ram_bytes").asLong()).isEqualTo(34359738368L);
    assertThat(node.path("status").asText()).isEqualTo("available");
    assertThat(node.path("registered_at").asText()).isEqualTo("2025-12-29T09:20:00Z");
    assertThat(node.path("last_heartbeat").asText()).isEqualTo("2025-12-29T09:20:00Z");
    assertThat(node.path("labels").properties()).extracting(java.util.Map.Entry::getKey)
        .containsExactlyInAnyOrder("node_type", "os", "arch");
    var stored = api.store.read(s -> s.node("worker-01"));
    assertThat(stored.isHttpWorker()).isTrue();
    assertThat(stored.capacity()).isEqualTo(new Resources(16_000, 32_768, 1, null));
    assertThat(stored.nodeClass()).isEqualTo("server");
  }

  @Test
  void registrationIgnoresUnknownFieldsAndTakesNewerAgentsRamName() {
    RoutesFixture.Response r = api.post("/nodes/register", """
        {"address": "Worker-02.lan", "type": "desktop", "cpu_threads": 4, "ram_total_bytes": 8589934592,
         "gpu_capabilities": ["nvenc_h264"], "cpu_load_percent": 12.5, "future_field": {"x": 1}}""");

    assertThat(r.status()).isEqualTo(201);
    assertThat(r.json().path("id").asText()).isEqualTo("worker-02.lan");
    assertThat(r.json().path("ram_total_bytes").asLong()).isEqualTo(8589934592L);
    assertThat(r.json().path("gpu_capabilities").get(0).asText()).isEqualTo("nvenc_h264");
  }

  @Test
  void anAddressThatIsNoValidIdGetsAStableValidOne() {
    String id = api.post("/nodes/register", """
        {"address": "http://10.0.0.7:9000", "cpu_threads": 2, "ram_bytes": 4294967296}""").json().path("id").asText();

    assertThat(id).matches("10\\.0\\.0\\.7-9000-[0-9a-f]{8}");
    assertThat(api.post("/nodes/register", """
        {"address": "http://10.0.0.7:9000", "cpu_threads": 2, "ram_bytes": 4294967296}""").json().path("id").asText()).isEqualTo(id);
  }

  @Test
  void aRegistrationWithoutAddressIs400() {
    RoutesFixture.Response r = api.post("/nodes/register", """
        {"type": "server", "cpu_threads": 8, "ram_bytes": 8589934592}""");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.fields()).containsExactly("address");
    assertThat(api.get("/nodes").json().path("count").asInt()).isZero();
  }

  @Test
  void aWorkerCannotTakeAnAgentsId() {
    api.submit(new RegisterNode(new CommandMeta(RoutesFixture.START_MS, "agent", "test"), "edge-1", 1, null, new TreeMap<>(), "edge",
        new Resources(4000, 4096, 0, null)));

    RoutesFixture.Response r = api.post("/nodes/register", """
        {"address": "edge-1", "cpu_threads": 8, "ram_bytes": 8589934592}""");

    assertThat(r.status()).isEqualTo(409);
    boolean taken = api.store.read(s -> s.node("edge-1").isHttpWorker());
    assertThat(taken).isFalse();
  }

  @Test
  void nodesAreListedInTheSeedsShapeAgentsIncluded() {
    api.post("/nodes/register", WORKER);
    api.submit(new RegisterNode(new CommandMeta(RoutesFixture.START_MS, "agent", "test"), "edge-1", 1, null, new TreeMap<>(), "edge",
        new Resources(4000, 4096, 0, null)));

    JsonNode list = api.get("/nodes").json();

    assertThat(list.path("count").asInt()).isEqualTo(2);
    assertThat(list.path("nodes").findValuesAsText("id")).containsExactlyInAnyOrder("worker-01", "edge-1");
    assertThat(list.path("nodes").findValuesAsText("kind")).containsExactlyInAnyOrder("http", "agent");
  }

  @Test
  void aHeartbeatIsOkForAWorkerAnd404ForAnUnknownNode() {
    api.post("/nodes/register", WORKER);
    api.clock.set(RoutesFixture.START_MS + 30_000);

    RoutesFixture.Response r = api.post("/nodes/worker-01/heartbeat", null);

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("status").asText()).isEqualTo("ok");
    Long seen = api.store.read(s -> s.httpWorkerSeenMs("worker-01"));
    assertThat(seen).isEqualTo(RoutesFixture.START_MS + 30_000);
    assertThat(api.post("/nodes/nobody/heartbeat", null).status()).isEqualTo(404);
  }

  // ---- jobs ----

  @Test
  void creatingAJobAnswers201InTheSeedsShape() {
    RoutesFixture.Response r = api.post("/jobs", """
        {"scenario": "4K60-h264", "confidence": "auto", "parameters": {"duration": 300, "bitrate": "15000k"},
         "priority": "high", "queue": "batch", "engine": "auto"}""");

    assertThat(r.status()).isEqualTo(201);
    JsonNode job = r.json();
    assertThat(job.path("scenario").asText()).isEqualTo("4K60-h264");
    assertThat(job.path("confidence").asText()).isEqualTo("auto");
    assertThat(job.path("status").asText()).isEqualTo("pending");
    assertThat(job.path("priority").asText()).isEqualTo("high");
    assertThat(job.path("parameters").path("duration").isNumber()).isTrue();
    assertThat(job.path("parameters").path("duration").asInt()).isEqualTo(300);
    assertThat(job.path("parameters").path("bitrate").asText()).isEqualTo("15000k");
    assertThat(job.path("created_at").asText()).isEqualTo("2025-12-29T09:20:00Z");
    assertThat(job.path("retry_count").asInt()).isZero();
    assertThat(job.has("node_id")).isFalse();
    assertThat(api.get("/jobs/" + job.path("id").asText()).json().path("status").asText()).isEqualTo("pending");
    JsonNode list = api.get("/jobs").json();
    assertThat(list.path("count").asInt()).isEqualTo(1);
    assertThat(list.path("jobs").get(0).path("id").asText()).isEqualTo(job.path("id").asText());
  }

  @Test
  void aSeedJobWithAnUnknownScenarioIs400NamingIt() {
    RoutesFixture.Response r = api.post("/jobs", """
        {"scenario": "16K-h266", "confidence": "auto"}""");

    assertThat(r.status()).isEqualTo(400);
    assertThat(r.fields()).containsExactly("scenario");
  }

  @Test
  void cancelAndRetryAnswerTheSeedsJob() {
    String id = api.post("/jobs", """
        {"scenario": "480p30-h264"}""").json().path("id").asText();

    JsonNode canceled = api.post("/jobs/" + id + "/cancel", null).json();
    assertThat(canceled.path("status").asText()).isEqualTo("canceled");
    assertThat(canceled.path("job_id").asText()).isEqualTo(id);
    assertThat(api.post("/jobs/" + id + "/retry", null).json().path("status").asText()).isEqualTo("pending");
    assertThat(api.get("/jobs/nope").status()).isEqualTo(404);
  }

  // ---- the worker's poll ----

  @Test
  void nextLeasesTheFirstJobToThePollingWorkerAndMarksItRunning() {
    api.post("/nodes/register", WORKER);
    String id = api.post("/jobs", """
        {"scenario": "1080p30-h264", "parameters": {"duration": 3}}""").json().path("id").asText();

    RoutesFixture.Response r = api.get("/jobs/next?node_id=worker-01");

    assertThat(r.status()).isEqualTo(200);
    JsonNode job = r.json().path("job");
    assertThat(job.path("id").asText()).isEqualTo(id);
    assertThat(job.path("status").asText()).isEqualTo("running");
    assertThat(job.path("node_id").asText()).isEqualTo("worker-01");
    assertThat(job.path("started_at").asText()).isEqualTo("2025-12-29T09:20:00Z");
    assertThat(job.path("command").asText()).startsWith("ffmpeg ").contains("-t 3", "-c:v libx264").endsWith("-f null -");
    assertThat(job.path("ffmpeg_args").get(0).asText()).isEqualTo("-hide_banner");
    assertThat(job.path("timeout_s").asDouble()).isEqualTo(3600.0);
    JobRecord stored = api.store.read(s -> s.job(id));
    assertThat(stored.state()).isEqualTo(JobState.RUNNING);
    assertThat(stored.node()).isEqualTo("worker-01");
    assertThat(stored.attempts()).isEqualTo(1);
    assertThat(api.get("/nodes").json().path("nodes").get(0).path("status").asText()).isEqualTo("busy");
  }

  @Test
  void nextAnswersJobNullWhenNothingIsQueuedAndEachJobGoesToOneWorker() {
    api.post("/nodes/register", WORKER);
    api.post("/nodes/register", WORKER.replace("worker-01", "worker-02"));

    RoutesFixture.Response empty = api.get("/jobs/next?node_id=worker-01");
    assertThat(empty.status()).isEqualTo(200);
    assertThat(empty.body()).isEqualTo("{\"job\":null}");

    api.post("/jobs", """
        {"scenario": "480p30-h264"}""");
    assertThat(api.get("/jobs/next?node_id=worker-01").json().path("job").isObject()).isTrue();
    assertThat(api.get("/jobs/next?node_id=worker-02").json().path("job").isNull()).isTrue();
  }

  @Test
  void nextForAnUnknownNodeIs404AndWithoutNodeIdIs400() {
    assertThat(api.get("/jobs/next?node_id=ghost").status()).isEqualTo(404);
    assertThat(api.get("/jobs/next").status()).isEqualTo(400);
  }

  @Test
  void aLongPollWakesWhenAJobArrives() throws Exception {
    api.post("/nodes/register", WORKER);
    CompletableFuture<RoutesFixture.Response> poll = CompletableFuture.supplyAsync(() -> api.get("/jobs/next?node_id=worker-01&wait_s=20"));

    String id = api.post("/jobs", """
        {"scenario": "480p30-h264"}""").json().path("id").asText();

    RoutesFixture.Response r = poll.get(15, TimeUnit.SECONDS);
    assertThat(r.json().path("job").path("id").asText()).isEqualTo(id);
  }

  @Test
  void aLongPollWithNothingToDoAnswersJobNullAtItsEnd() {
    api.post("/nodes/register", WORKER);

    assertThat(api.get("/jobs/next?node_id=worker-01&wait_s=1").json().path("job").isNull()).isTrue();
    assertThat(api.get("/jobs/next?node_id=worker-01&wait_s=31").status()).isEqualTo(400);
  }

  // ---- results ----

  @Test
  void aResultCompletesTheJobWithTheWorkersMetrics() {
    api.post("/nodes/register", WORKER);
    String id = api.post("/jobs", """
        {"scenario": "1080p30-h264"}""").json().path("id").asText();
    api.get("/jobs/next?node_id=worker-01");
    api.clock.set(RoutesFixture.START_MS + 6_000);

    RoutesFixture.Response r = api.post("/results", """
        {"job_id": "%s", "node_id": "worker-01", "status": "completed",
         "metrics": {"cpu_usage": 75.5, "memory_usage": 2048, "duration": 5.0, "fps": "36.0", "engine": "ffmpeg"},
         "analyzer_output": {"scenario": "1080p30-h264", "recommendation": "optimal"},
         "completed_at": "2025-12-29T19:45:00Z", "qoe_score": 4.2}""".formatted(id));

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("status").asText()).isEqualTo("completed");
    assertThat(r.json().path("completed_at").asText()).isEqualTo("2025-12-29T09:20:06Z");
    JsonNode view = api.get("/api/v1/jobs/" + id).json();
    assertThat(view.path("state").asText()).isEqualTo("succeeded");
    JsonNode result = view.path("result");
    assertThat(result.path("exit_code").asInt()).isZero();
    assertThat(result.path("wall_ms").asLong()).isEqualTo(5_000);
    assertThat(result.path("cpu_percent_avg").asDouble()).isEqualTo(75.5);
    assertThat(result.path("peak_rss_bytes").asLong()).isEqualTo(2048L * 1024 * 1024);
    assertThat(result.path("fps").asDouble()).isEqualTo(36.0);
    assertThat(result.path("speed").asDouble()).isEqualTo(1.2);
    assertThat(view.path("recommendation").asText()).isEqualTo("optimal");
    assertThat(api.get("/nodes").json().path("nodes").get(0).path("status").asText()).isEqualTo("available");
  }

  @Test
  void aFailedResultQueuesTheJobAgainWithTheError() {
    api.post("/nodes/register", WORKER);
    String id = api.post("/jobs", """
        {"scenario": "480p30-h264"}""").json().path("id").asText();
    api.get("/jobs/next?node_id=worker-01");

    JsonNode job = api.post("/results", """
        {"job_id": "%s", "node_id": "worker-01", "status": "failed", "error": "ffmpeg exited with 1"}""".formatted(id)).json();

    assertThat(job.path("status").asText()).isEqualTo("pending");
    assertThat(job.path("retry_count").asInt()).isEqualTo(1);
    assertThat(job.path("error").asText()).contains("ffmpeg exited with 1");
  }

  @Test
  void aResultFromAWorkerThatDoesNotHoldTheLeaseIs409AndChangesNothing() {
    api.post("/nodes/register", WORKER);
    api.post("/nodes/register", WORKER.replace("worker-01", "worker-02"));
    String id = api.post("/jobs", """
        {"scenario": "480p30-h264"}""").json().path("id").asText();
    api.get("/jobs/next?node_id=worker-01");
    JobRecord before = api.store.read(s -> s.job(id));

    RoutesFixture.Response r = api.post("/results", """
        {"job_id": "%s", "node_id": "worker-02", "status": "completed"}""".formatted(id));

    assertThat(r.status()).isEqualTo(409);
    assertThat(r.json().path("error").path("message").asText())
        .isEqualTo("job '" + id + "' is leased to node 'worker-01', not 'worker-02'; this result is refused");
    JobRecord after = api.store.read(s -> s.job(id));
    assertThat(after).isEqualTo(before);
  }

  @Test
  void aResultPostedTwiceIs409TheSecondTime() {
    api.post("/nodes/register", WORKER);
    String id = api.post("/jobs", """
        {"scenario": "480p30-h264"}""").json().path("id").asText();
    api.get("/jobs/next?node_id=worker-01");
    String result = """
        {"job_id": "%s", "node_id": "worker-01", "status": "completed"}""".formatted(id);

    assertThat(api.post("/results", result).status()).isEqualTo(200);
    RoutesFixture.Response again = api.post("/results", result);

    assertThat(again.status()).isEqualTo(409);
    assertThat(again.json().path("error").path("message").asText()).contains("already completed");
  }

  @Test
  void aResultForAnUnknownJobIs404AndABadStatusIs400() {
    api.post("/nodes/register", WORKER);

    assertThat(api.post("/results", """
        {"job_id": "nope", "node_id": "worker-01", "status": "completed"}""").status()).isEqualTo(404);
    RoutesFixture.Response bad = api.post("/results", """
        {"job_id": "nope", "node_id": "worker-01", "status": "done"}""");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.json().path("error").path("message").asText()).contains("use completed or failed");
    assertThat(api.post("/results", """
        {"status": "completed"}""").fields()).containsExactly("job_id", "node_id");
  }

  @Test
  void healthIsPublicAndOk() {
    RoutesFixture.Response r = api.get("/health");

    assertThat(r.status()).isEqualTo(200);
    assertThat(r.json().path("status").asText()).isEqualTo("ok");
  }
}
