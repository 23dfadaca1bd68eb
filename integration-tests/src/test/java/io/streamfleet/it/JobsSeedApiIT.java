package io.streamfleet.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.streamfleet.client.ApiCallException;
import io.streamfleet.client.StreamfleetClient;
import io.streamfleet.model.Json;
import io.streamfleet.model.api.JobView;
import io.streamfleet.model.api.TokenRequest;
import io.streamfleet.model.job.JobState;
import io.streamfleet.testing.RequiresProgram;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The FFmpeg farm seed's HTTP API on a real server with no agents: workers are shell scripts
 * (curl, tr, grep, cut; no jq) that register, poll {@code /jobs/next}, "run" the job and post
 * {@code /results}, with an operator token over TLS. HTTP workers hold their jobs on a lease of
 * {@value #LEASE_S} s here ({@code --http-worker-lease-s}).
 */
@Tag("integration")
@RequiresProgram(value = "curl", debianPackage = "curl")
class JobsSeedApiIT {
  private static final int LEASE_S = 3;
  private static final Duration POLL = Duration.ofMillis(50);
  private static final String SEED_JOB = "{\"scenario\":\"test-1080p\",\"confidence\":\"auto\",\"parameters\":{\"duration\":1,\"bitrate\":\"1M\"}}";

  @TempDir static Path tmp;
  static ServerProcess server;
  static StreamfleetClient admin;
  /** The workers' client: an operator token, as the seed's workers are given. */
  static StreamfleetClient operator;
  static String operatorToken;
  static Path workerScript;

  @BeforeAll
  static void startServer() throws IOException {
    server = new ServerProcess(tmp.resolve("server"), "--http-worker-lease-s", Integer.toString(LEASE_S)).start();
    admin = server.client();
    operatorToken = admin.createToken(new TokenRequest("operator", null, null, null, "seed workers")).secret();
    operator = server.client(operatorToken);
    workerScript = tmp.resolve("worker.sh");
    Files.writeString(workerScript, WORKER);
  }

  @AfterAll
  static void stopServer() {
    if (server != null) {
      server.close();
    }
  }

  @AfterEach
  void cancelUnfinishedJobs() {
    for (JobView j : admin.jobs(null, null, 1000).jobs()) {
      if (!JobState.of(j.state()).terminal()) {
        try {
          admin.cancelJob(j.id());
        } catch (ApiCallException e) {
          // it finished in the meantime
        }
      }
    }
  }

  @Test
  void aShellWorkerRegistersTakesAJobAndReportsItDone() {
    String id = submitSeedJob();

    Worker w = runWorker("run", "worker-9");

    assertThat(w.job()).isEqualTo(id);
    JobView done = await().atMost(Duration.ofSeconds(5)).pollInterval(POLL).until(() -> admin.job(id), j -> !j.state().equals("running"));
    assertThat(done.state()).isEqualTo("succeeded");
    assertThat(done.node()).as("the job's node").isEqualTo(w.node());
    assertThat(done.history()).singleElement().satisfies(a -> assertThat(a.node()).isEqualTo(w.node()));

    CliRunner.Result ls = new CliRunner(server).run("node", "ls", "-o", "json");
    assertThat(ls.exitCode()).as(ls.err()).isZero();
    JsonNode node = null;
    for (JsonNode n : json(ls.out())) {
      if (n.path("id").asText().equals(w.node())) {
        node = n;
      }
    }
    assertThat(node).as("%s in %s", w.node(), ls.out()).isNotNull();
    assertThat(node.path("kind").asText()).isEqualTo("http");

    HttpResponse<String> again = seed("POST", "/nodes/register", register("worker-9"));
    assertThat(again.statusCode()).as("re-registration: " + again.body()).isEqualTo(200);
    assertThat(json(again.body()).path("id").asText()).isEqualTo(w.node());
  }

  @Test
  void aSilentWorkerLosesItsJobToAnotherAndItsLateResultIsRefused() {
    String id = submitSeedJob();
    Worker silent = runWorker("take", "worker-10a");
    long silentSince = System.nanoTime();
    assertThat(silent.job()).isEqualTo(id);
    assertThat(admin.job(id).node()).isEqualTo(silent.node());

    await().atMost(Duration.ofSeconds(LEASE_S + 5)).pollInterval(POLL).until(() -> admin.job(id).state().equals("queued"));
    assertThat(Duration.ofNanos(System.nanoTime() - silentSince)).as("requeued only after the lease")
        .isGreaterThanOrEqualTo(Duration.ofSeconds(LEASE_S - 1));

    Worker second = runWorker("run", "worker-10b");
    assertThat(second.job()).isEqualTo(id);
    JobView done = await().atMost(Duration.ofSeconds(5)).pollInterval(POLL).until(() -> admin.job(id), j -> !j.state().equals("running"));
    assertThat(done.state()).isEqualTo("succeeded");
    assertThat(done.node()).isEqualTo(second.node());

    HttpResponse<String> late = seed("POST", "/results", result(id, silent.node(), "completed"));
    assertThat(late.statusCode()).as(late.body()).isEqualTo(409);
    JobView after = admin.job(id);
    assertThat(after.state()).isEqualTo("succeeded");
    assertThat(after.node()).isEqualTo(second.node());
    assertThat(after.result()).isEqualTo(done.result());
    assertThat(after.history()).isEqualTo(done.history());
  }

  @Test
  void resultsFromTheWrongNodeTwiceForUnknownJobsOrIncompleteAreRefused() {
    String holder = registeredNode("worker-11a");
    String stranger = registeredNode("worker-11b");
    String id = submitSeedJob();
    HttpResponse<String> next = seed("GET", "/jobs/next?node_id=" + holder, null);
    assertThat(next.statusCode()).as(next.body()).isEqualTo(200);
    assertThat(json(next.body()).path("job").path("id").asText()).isEqualTo(id);

    assertStatus(seed("POST", "/results", result(id, stranger, "completed")), 409);
    assertStatus(seed("POST", "/results", result("no-such-job", holder, "completed")), 404);
    assertThat(assertStatus(seed("POST", "/results", "{\"node_id\":\"" + holder + "\",\"status\":\"completed\"}"), 400)).contains("job_id");
    assertThat(assertStatus(seed("POST", "/results", "{\"job_id\":\"" + id + "\",\"status\":\"completed\"}"), 400)).contains("node_id");
    assertThat(assertStatus(seed("POST", "/results", "{\"job_id\":\"" + id + "\",\"node_id\":\"" + holder + "\"}"), 400)).contains("status");
    assertThat(admin.job(id).state()).as("nothing refused changed the job").isIn("dispatched", "running");

    HttpResponse<String> accepted = seed("POST", "/results", result(id, holder, "completed"));
    assertThat(accepted.statusCode()).as(accepted.body()).isBetween(200, 299);
    JobView done = admin.job(id);
    assertThat(done.state()).isEqualTo("succeeded");
    assertStatus(seed("POST", "/results", result(id, holder, "completed")), 409);
    assertThat(admin.job(id).history()).isEqualTo(done.history());
  }

  // ---- helpers ----

  private static String submitSeedJob() {
    HttpResponse<String> created = seed("POST", "/jobs", SEED_JOB);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    JsonNode job = json(created.body());
    assertThat(job.path("status").asText()).isEqualTo("pending");
    return job.path("id").asText();
  }

  private static String registeredNode(String address) {
    HttpResponse<String> r = seed("POST", "/nodes/register", register(address));
    assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
    return json(r.body()).path("id").asText();
  }

  private static String register(String address) {
    return "{\"address\":\"" + address + "\",\"type\":\"server\",\"cpu_threads\":8,\"ram_bytes\":17179869184,\"labels\":{\"site\":\"it\"}}";
  }

  private static String result(String job, String node, String status) {
    return "{\"job_id\":\"" + job + "\",\"node_id\":\"" + node + "\",\"status\":\"" + status
        + "\",\"metrics\":{\"cpu_usage\":75.5,\"memory_usage\":2048,\"duration\":0.2}}";
  }

  private static HttpResponse<String> seed(String method, String path, String body) {
    return operator.raw(method, path, body == null ? null : body.getBytes(StandardCharsets.UTF_8));
  }

  /** The error's text (message and details), after checking the status. */
  private static String assertStatus(HttpResponse<String> r, int status) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    return json(r.body()).path("error").toString();
  }

  private static JsonNode json(String body) {
    try {
      return Json.mapper().readTree(body);
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + body, e);
    }
  }

  /** What a worker script printed: the node it registered as and the job it took. */
  private record Worker(String node, String job) {}

  private static final Pattern WORKER_OUTPUT = Pattern.compile("node=(\\S+) job=(\\S+)");

  /** Runs the worker script ({@code run}: take a job and complete it; {@code take}: take one and go silent). */
  private static Worker runWorker(String mode, String address) {
    try {
      ProcessBuilder pb = new ProcessBuilder("sh", workerScript.toString(), mode, address);
      pb.environment().put("S", server.uri().toString());
      pb.environment().put("TOKEN", operatorToken);
      pb.environment().put("CACERT", server.caCert().toString());
      Path err = tmp.resolve(address + ".err");
      Process p = pb.redirectError(err.toFile()).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("worker " + address + " did not finish in 30 s");
      }
      String diagnostics = "exit " + p.exitValue() + ", stdout: " + out + ", stderr: " + Files.readString(err);
      assertThat(p.exitValue()).as(diagnostics).isZero();
      Matcher m = WORKER_OUTPUT.matcher(out);
      assertThat(m.find()).as(diagnostics).isTrue();
      return new Worker(m.group(1), m.group(2));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * A seed worker in POSIX shell. Usage: {@code worker.sh run|take ADDRESS}, with the server's URL
   * in S, the token in TOKEN and the CA certificate in CACERT. It registers, heartbeats once,
   * polls /jobs/next (every 100 ms, for up to 10 s) and prints "node=ID job=ID"; {@code run} then
   * "runs" the job for 0.2 s and posts its result, {@code take} goes silent with it.
   */
  private static final String WORKER = """
      #!/bin/sh
      set -eu
      mode=$1
      address=$2

      # METHOD PATH [BODY]: the response body without whitespace; fails on an HTTP error
      api() {
        method=$1
        path=$2
        shift 2
        if [ $# -gt 0 ]; then set -- -d "$1"; fi
        body=$(curl -sS -f --max-time 10 --cacert "$CACERT" -H "Authorization: Bearer $TOKEN" \\
          -H 'Content-Type: application/json' -X "$method" "$S$path" "$@")
        printf '%s' "$body" | tr -d ' \\n\\r\\t'
      }
      first_id() { grep -o '"id":"[^"]*"' | head -n 1 | cut -d '"' -f 4; }

      reply=$(api POST /nodes/register "{\\"address\\":\\"$address\\",\\"type\\":\\"server\\",\\"cpu_threads\\":8,\\"ram_bytes\\":17179869184}")
      node=$(printf '%s' "$reply" | first_id)
      [ -n "$node" ] || { echo "registration answered no node id: $reply" >&2; exit 1; }
      api POST "/nodes/$node/heartbeat" '{}' > /dev/null

      job=
      tries=0
      while [ -z "$job" ] && [ $tries -lt 100 ]; do
        reply=$(api GET "/jobs/next?node_id=$node")
        case $reply in
          *'"job":null'*) tries=$((tries + 1)); sleep 0.1 ;;
          *) job=$(printf '%s' "$reply" | first_id) ;;
        esac
      done
      [ -n "$job" ] || { echo "no job for $node within 10 s" >&2; exit 1; }
      echo "node=$node job=$job"
      [ "$mode" = take ] && exit 0

      sleep 0.2
      api POST /results "{\\"job_id\\":\\"$job\\",\\"node_id\\":\\"$node\\",\\"status\\":\\"completed\\",\\"metrics\\":{\\"cpu_usage\\":75.5,\\"memory_usage\\":2048,\\"duration\\":0.2}}" > /dev/null
      """;
}
