package io.streamfleet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfleet.client.ApiCallException;
import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.Json;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.ProcessorRequest;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.api.JobView;
import io.streamfleet.model.api.StreamView;
import io.streamfleet.model.job.JobAttempt;
import io.streamfleet.model.job.JobRequest;
import io.streamfleet.model.job.JobState;
import io.streamfleet.testing.RequiresProgram;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batch jobs on a real cluster: one server and two agents (1000 cpu_millis each, labelled
 * {@code slot=NODE}, exec allowed) for the whole class. Jobs run FFmpeg scenarios or two small
 * exec processors: {@code job-sleep} ({@code exec sleep {param.secs}}, whose unusual duration
 * marks a test's processes on this machine) and {@code job-broken} (stderr, exit 3).
 *
 * <p>The two tests that kill an agent run last; before each test, a killed agent is started
 * again (a new incarnation of the same node) so every test begins with two ready nodes. After
 * each test its unfinished jobs are canceled and its streams removed.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class JobsIT {
  private static final Duration SLOW = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofMillis(50);
  /** Sleep durations of {@code 600.<this JVM's pid><digit>} seconds mark one test's processes. */
  private static final String PID = Long.toString(ProcessHandle.current().pid());
  private static final int NODE_CPU_MILLIS = 1000;
  private static final List<String> NODES = List.of("edge-1", "edge-2");

  @TempDir static Path tmp;
  static ServerProcess server;
  static StreamfleetClient client;
  static CliRunner cli;
  static final Map<String, AgentProcess> agents = new TreeMap<>();

  @BeforeAll
  static void startCluster() {
    server = new ServerProcess(tmp.resolve("server")).start();
    client = server.client();
    cli = new CliRunner(server);
    NODES.forEach(id -> agents.put(id, agent(id).start()));
    client.putProcessor("job-sleep", new ProcessorRequest(null, "exec", null, List.of("sh", "-c", "exec sleep {param.secs}"), null, null,
        null, new StreamRequest.ResourceRequest(100, 32, null, null), "sleeps {param.secs} seconds, then exits 0"));
    client.putProcessor("job-broken", new ProcessorRequest(null, "exec", null, List.of("sh", "-c", "echo broken-input >&2; exit 3"), null,
        null, null, new StreamRequest.ResourceRequest(100, 32, null, null), "fails like a job given a broken input"));
  }

  @AfterAll
  static void stopCluster() {
    agents.values().forEach(AgentProcess::close);
    if (server != null) {
      server.close();
    }
  }

  private static AgentProcess agent(String id) {
    return new AgentProcess(tmp, id, server, "--cpu-millis", Integer.toString(NODE_CPU_MILLIS), "--memory-mb", "1024", "--labels",
        "slot=" + id);
  }

  /** A node killed by an earlier test comes back as a new agent process on the same data directory. */
  @BeforeEach
  void everyNodeReady() {
    agents.replaceAll((id, a) -> a.alive() ? a : agent(id).start());
    await().atMost(Duration.ofSeconds(60)).pollInterval(POLL).until(() -> client.nodes().stream()
        .filter(n -> NODES.contains(n.id()) && n.state() == NodeState.READY).count() == NODES.size());
  }

  @AfterEach
  void cancelUnfinishedJobsAndRemoveStreams() {
    for (JobView j : client.jobs(null, null, 1000).jobs()) {
      if (!JobState.of(j.state()).terminal()) {
        try {
          client.cancelJob(j.id());
        } catch (ApiCallException e) {
          // it finished in the meantime
        }
      }
    }
    client.streams().forEach(s -> client.deleteStream(s.id()));
  }

  @Test
  @Order(1)
  @RequiresProgram(value = "ffmpeg", debianPackage = "ffmpeg")
  void aScenarioJobSubmittedWithTheCliRunsFfmpegAndReportsWhatItMeasured() throws Exception {
    CliRunner.Result submit = cli.run("job", "submit", "--scenario", "480p30-h264", "--duration-s", "4", "--resolution", "640x360",
        "--wait", "-o", "json");
    assertThat(submit.exitCode()).as(submit.out() + submit.err()).isZero();
    String id = Json.mapper().readTree(submit.out()).path("id").asText();

    CliRunner.Result show = cli.run("job", "show", id, "-o", "json");
    assertThat(show.exitCode()).as(show.err()).isZero();
    JsonNode job = Json.mapper().readTree(show.out());
    assertThat(job.path("state").asText()).isEqualTo("succeeded");
    JsonNode result = job.path("result");
    assertThat(result.path("exit_code").isInt()).as(result.toString()).isTrue();
    assertThat(result.path("exit_code").asInt()).isZero();
    assertThat(result.path("wall_ms").asLong()).as("wall_ms").isPositive();
    assertThat(result.path("frames").asLong()).as("frames").isPositive();
    assertThat(result.path("fps").asDouble()).as("fps").isPositive();
    assertThat(result.path("speed").asDouble()).as("speed").isPositive();
    assertThat(result.path("cpu_percent_avg").asDouble()).as("cpu_percent_avg of %s", result).isPositive();
    assertThat(result.path("peak_rss_bytes").asLong()).as("peak_rss_bytes").isPositive();
    String analyzer = job.path("analyzer").asText();
    assertThat(analyzer).matches("(real-time capable at|not real-time:) \\d+\\.\\d\\dx.*");
    assertThat(cli.run("job", "show", id).out()).contains(analyzer);
  }

  @Test
  @Order(2)
  void aFailingJobIsRetriedAfterItsBackoffThenFailsWithItsExitCodeAndStderr() {
    String id = submit(aJob("job-broken").retry(2, 0.2)).id();

    JobView failed = awaitJob(id, SLOW, j -> j.state().equals("failed"));
    assertThat(failed.attempts()).isEqualTo(2);
    assertThat(failed.result().exitCode()).isEqualTo(3);
    assertThat(failed.result().stderrTail()).contains("broken-input");
    List<JobAttempt> history = failed.history();
    assertThat(history).extracting(JobAttempt::outcome).containsExactly("failed", "failed");
    assertThat(history).allMatch(JobAttempt::counted);
    // The first retry waits backoff_s, of which up to half is jitter: at least 100 ms here.
    assertThat(history.get(1).startedMs() - history.get(0).endedMs()).as("ms between the attempts").isGreaterThanOrEqualTo(100);
  }

  @Test
  @Order(3)
  void cancelingARunningJobWithTheCliKillsItsProcess() {
    String marker = "600." + PID + "3";
    String id = submit(aJob("job-sleep").param("secs", marker)).id();
    awaitJob(id, SLOW, j -> j.state().equals("running"));
    await().atMost(SLOW).pollInterval(POLL).until(() -> MarkedProcesses.alive(marker).size() == 1);

    CliRunner.Result cancel = cli.run("job", "cancel", id);
    assertThat(cancel.exitCode()).as(cancel.err()).isZero();

    assertThat(client.job(id).state()).isEqualTo("canceled");
    await().atMost(Duration.ofSeconds(10)).pollInterval(POLL).until(() -> MarkedProcesses.alive(marker).isEmpty());
    assertThat(client.job(id).state()).isEqualTo("canceled");
  }

  @Test
  @Order(4)
  void aJobPastItsTimeoutIsKilledAndFailsAsTimedOut() {
    String marker = "600." + PID + "4";
    String id = submit(aJob("job-sleep").param("secs", marker).timeoutS(1.0).retry(1, 0.2)).id();

    JobView failed = awaitJob(id, SLOW, j -> j.state().equals("failed"));
    assertThat(failed.result().timedOut()).isTrue();
    assertThat(failed.attempts()).isEqualTo(1);
    assertThat(failed.maxAttempts()).isEqualTo(1);
    assertThat(failed.history()).extracting(JobAttempt::outcome).containsExactly("timed_out");
    await().atMost(Duration.ofSeconds(5)).pollInterval(POLL).until(() -> MarkedProcesses.alive(marker).isEmpty());
  }

  @Test
  @Order(5)
  void aHigherPriorityJobStartsBeforeALowerOneQueuedEarlier() {
    // Every job here takes all of edge-2 (and may run nowhere else): one job at a time.
    String blocker = submit(aJob("job-sleep").param("secs", "600." + PID + "6").wholeNode("edge-2")).id();
    awaitJob(blocker, SLOW, j -> j.state().equals("running"));
    String low = submit(aJob("job-sleep").param("secs", "0.3").wholeNode("edge-2").priority(10)).id();
    String high = submit(aJob("job-sleep").param("secs", "0.3").wholeNode("edge-2").priority(90)).id();
    assertThat(client.job(low).state()).isEqualTo("queued");
    assertThat(client.job(high).state()).isEqualTo("queued");

    client.cancelJob(blocker); // room for one of them

    JobAttempt lowRun = awaitJob(low, SLOW, j -> j.state().equals("succeeded")).history().getFirst();
    JobAttempt highRun = awaitJob(high, SLOW, j -> j.state().equals("succeeded")).history().getFirst();
    assertThat(highRun.startedMs()).as("the high-priority job started first").isLessThan(lowRun.startedMs());
    assertThat(lowRun.startedMs()).as("one job at a time: the low one started after the high one ended")
        .isGreaterThanOrEqualTo(highRun.endedMs());
  }

  @Test
  @Order(6)
  void badJobRequestsAreRefusedNamingTheFieldAndCreateNothing() {
    long before = client.jobs(null, null, 1).total();

    assertNamesField(submitRaw("{\"scenario\": \"no-such-scenario\"}"), "scenario", "no-such-scenario");
    assertNamesField(submitRaw("{\"scenario\": \"480p30-h264\", \"duration_s\": -1}"), "duration_s", "-1");
    assertNamesField(submitRaw("{\"duration_s\": 1}"), "scenario", "processor");
    assertNamesField(submitRaw("{\"processor\": \"motion\", \"input\": \"synthetic://cam\"}"), "processor", "motion");
    assertThat(client.jobs(null, null, 1).total()).as("jobs after the refused requests").isEqualTo(before);

    assertError(client.raw("GET", "/api/v1/jobs/no-such-job", null), 404);
    assertError(client.raw("POST", "/api/v1/jobs/no-such-job/cancel", null), 404);

    // A job no node can run stays queued; it can be canceled once.
    String id = submit(aJob("job-sleep").param("secs", "1").selector("slot", "nowhere")).id();
    HttpResponse<String> first = client.raw("POST", "/api/v1/jobs/" + id + "/cancel", null);
    assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
    assertThat(assertError(client.raw("POST", "/api/v1/jobs/" + id + "/cancel", null), 409).path("message").asText())
        .contains("already canceled");
    assertThat(client.jobs(null, null, 1).total()).isEqualTo(before + 1);
  }

  @Test
  @Order(100)
  void aJobOfAKilledAgentFinishesOnTheOtherNodeAsItsSecondAttempt() {
    String marker = "3." + PID + "5"; // runs about 3 s, then exits 0
    String id = submit(aJob("job-sleep").param("secs", marker).retry(3, 0.2)).id();
    String victim = awaitJob(id, SLOW, j -> j.state().equals("running")).node();
    String survivor = other(victim);
    List<ProcessHandle> firstAttempt = await().atMost(SLOW).pollInterval(POLL).until(() -> MarkedProcesses.alive(marker), p -> p.size() == 1);
    long firstPid = firstAttempt.getFirst().pid();

    agents.get(victim).kill();

    // The agent's watchdog kills its exclusive process groups when the agent dies: well within the lease.
    await().atMost(Duration.ofSeconds(3)).pollInterval(POLL)
        .until(() -> MarkedProcesses.alive(marker).stream().noneMatch(p -> p.pid() == firstPid));
    JobView done = awaitJob(id, SLOW, j -> j.state().equals("succeeded"));
    assertThat(done.attempts()).isEqualTo(2);
    List<JobAttempt> history = done.history();
    assertThat(history).hasSize(2);
    assertThat(history.get(0)).extracting(JobAttempt::node, JobAttempt::outcome, JobAttempt::counted).containsExactly(victim, "lost", true);
    assertThat(history.get(1)).extracting(JobAttempt::node, JobAttempt::outcome).containsExactly(survivor, "succeeded");
    assertThat(history.get(1).startedMs()).as("the second attempt started after the first was lost").isGreaterThanOrEqualTo(history.get(0).endedMs());
  }

  @Test
  @Order(101)
  void aStreamFailingOverPreemptsAJobForItsRoomWithoutCountingTheAttempt() {
    // The stream takes 700 of one node's 1000; the job then fits only on the other node.
    client.createStream(new StreamRequest("live-7", "synthetic://live-7?fps=5&width=160&height=90", "motion", null,
        new StreamRequest.ResourceRequest(700, 64, null, null), null, null, null, null, null));
    String victim = await().atMost(SLOW).pollInterval(POLL).until(() -> client.stream("live-7").status(),
        s -> s.state() == AssignmentState.RUNNING).node();
    String survivor = other(victim);
    String marker = "600." + PID + "7";
    String id = submit(aJob("job-sleep").param("secs", marker).cpuMillis(700)).id();
    JobView running = awaitJob(id, SLOW, j -> j.state().equals("running"));
    assertThat(running.node()).isEqualTo(survivor);
    await().atMost(SLOW).pollInterval(POLL).until(() -> MarkedProcesses.alive(marker).size() == 1);

    agents.get(victim).kill();

    StreamView moved = await().atMost(Duration.ofSeconds(6)).pollInterval(POLL).until(() -> client.stream("live-7"),
        s -> s.status().state() == AssignmentState.RUNNING && survivor.equals(s.status().node()));
    assertThat(moved.status().node()).isEqualTo(survivor);
    JobView preempted = client.job(id);
    assertThat(preempted.preemptions()).isGreaterThanOrEqualTo(1);
    assertThat(preempted.state()).as("no node has room for it now").isEqualTo("queued");
    assertThat(preempted.attempts()).as("a preempted attempt does not count").isZero();
    assertThat(preempted.history()).anySatisfy(a -> {
      assertThat(a.outcome()).isEqualTo("preempted");
      assertThat(a.node()).isEqualTo(survivor);
      assertThat(a.counted()).isFalse();
    });
    await().atMost(Duration.ofSeconds(10)).pollInterval(POLL).until(() -> MarkedProcesses.alive(marker).isEmpty());
  }

  // ---- helpers ----

  private static String other(String node) {
    return NODES.stream().filter(n -> !n.equals(node)).findFirst().orElseThrow();
  }

  private static JobView submit(JobBuilder job) {
    return client.submitJob(job.build()).job();
  }

  private static JobView awaitJob(String id, Duration within, Predicate<JobView> condition) {
    return await().atMost(within).pollInterval(POLL).until(() -> client.job(id), condition);
  }

  private static HttpResponse<String> submitRaw(String body) {
    return client.raw("POST", "/api/v1/jobs", body.getBytes(StandardCharsets.UTF_8));
  }

  /** A 400 whose details (or message) name {@code field}, and whose message quotes {@code value}. */
  private static void assertNamesField(HttpResponse<String> r, String field, String value) {
    JsonNode e = assertError(r, 400);
    List<String> fields = new ArrayList<>();
    e.path("details").forEach(d -> fields.add(d.path("field").asText()));
    assertThat(fields.contains(field) || e.path("message").asText().startsWith(field)).as("%s names %s", e, field).isTrue();
    assertThat(e.path("message").asText()).contains(value);
  }

  private static JsonNode assertError(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    try {
      return Json.mapper().readTree(r.body()).path("error");
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + r.body(), e);
    }
  }

  private static JobBuilder aJob(String processor) {
    return new JobBuilder(processor);
  }

  /** A processor job over a file input, field by field. */
  private static final class JobBuilder {
    private final String processor;
    private final Map<String, Object> params = new LinkedHashMap<>();
    private final Map<String, String> selector = new TreeMap<>();
    private Integer priority;
    private Integer cpuMillis;
    private Double timeoutS;
    private JobRequest.Retry retry;

    JobBuilder(String processor) {
      this.processor = processor;
    }

    JobBuilder param(String name, String value) {
      params.put(name, value);
      return this;
    }

    JobBuilder priority(int p) {
      priority = p;
      return this;
    }

    JobBuilder cpuMillis(int cpu) {
      cpuMillis = cpu;
      return this;
    }

    /** All of {@code node}'s CPU, and only on that node. */
    JobBuilder wholeNode(String node) {
      return cpuMillis(NODE_CPU_MILLIS).selector("slot", node);
    }

    JobBuilder selector(String key, String value) {
      selector.put(key, value);
      return this;
    }

    JobBuilder timeoutS(double s) {
      timeoutS = s;
      return this;
    }

    JobBuilder retry(int maxAttempts, double backoffS) {
      retry = new JobRequest.Retry(maxAttempts, backoffS, null);
      return this;
    }

    JobRequest build() {
      return new JobRequest(null, null, processor, "file:///dev/null", null, null, null, null, null, null, null, params, null, priority,
          cpuMillis == null ? null : new StreamRequest.ResourceRequest(cpuMillis, null, null, null), null,
          selector.isEmpty() ? null : selector, timeoutS, retry, null, null);
    }
  }
}
