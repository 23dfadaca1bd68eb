package io.streamfleet.client;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.streamfleet.model.AuditEntry;
import io.streamfleet.model.Json;
import io.streamfleet.model.ProcessorRequest;
import io.streamfleet.model.ProcessorSpec;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.api.CapacityView;
import io.streamfleet.model.api.RebalanceView;
import io.streamfleet.model.api.ApiError;
import io.streamfleet.model.api.ClusterView;
import io.streamfleet.model.api.DrainRequest;
import io.streamfleet.model.api.HealthView;
import io.streamfleet.model.api.NodeView;
import io.streamfleet.model.api.ProcessorWriteResult;
import io.streamfleet.model.api.RolloutView;
import io.streamfleet.model.api.StreamView;
import io.streamfleet.model.api.TokenCreated;
import io.streamfleet.model.api.TokenRequest;
import io.streamfleet.model.api.TokenView;
import io.streamfleet.model.api.RuleView;
import io.streamfleet.model.api.WebhookView;
import io.streamfleet.model.api.EventPage;
import io.streamfleet.model.api.JobView;
import io.streamfleet.model.job.JobRequest;
import io.streamfleet.model.job.JobState;
import io.streamfleet.model.job.Scenario;
import io.streamfleet.model.rollout.RolloutAction;
import io.streamfleet.model.rule.RuleRequest;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * The Streamfleet REST API as Java calls. Thread-safe. Every failure is an {@link
 * ApiCallException} carrying the server's error code and message.
 */
public final class StreamfleetClient {
  public static final String DEFAULT_ADDRESS = "http://127.0.0.1:8080";

  private final URI base;
  private final HttpClient http;
  /** Lenient about fields it does not know, so an older client still reads a newer server. */
  private final ObjectMapper json = Json.newMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
  private final String token;
  private final Duration timeout;

  /** A client without credentials (a development cluster, or only the health check). */
  public StreamfleetClient(URI base) {
    this(base, ClientCredentials.NONE, Duration.ofSeconds(30));
  }

  public StreamfleetClient(URI base, ClientCredentials credentials) {
    this(base, credentials, Duration.ofSeconds(30));
  }

  /**
   * @param credentials the bearer token, and the CA that signed the server's certificate (for
   *     https URLs; the system trust store when absent)
   */
  public StreamfleetClient(URI base, ClientCredentials credentials, Duration timeout) {
    String s = base.toString();
    this.base = URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    this.token = credentials.token();
    this.timeout = timeout;
    HttpClient.Builder b = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).version(HttpClient.Version.HTTP_1_1);
    if (credentials.trust() != null) {
      b.sslContext(credentials.trust());
    }
    this.http = b.build();
  }

  public URI base() {
    return base;
  }

  public HealthView health() {
    return get("/api/v1/health", new TypeReference<>() {}, true);
  }

  public ClusterView cluster() {
    return get("/api/v1/cluster", new TypeReference<>() {}, false);
  }

  public List<NodeView> nodes() {
    return get("/api/v1/nodes", new TypeReference<>() {}, false);
  }

  public NodeView node(String id) {
    return get("/api/v1/nodes/" + enc(id), new TypeReference<>() {}, false);
  }

  public List<StreamView> streams() {
    return get("/api/v1/streams", new TypeReference<>() {}, false);
  }

  public StreamView stream(String id) {
    return get("/api/v1/streams/" + enc(id), new TypeReference<>() {}, false);
  }

  public StreamView createStream(StreamRequest request) {
    return send("POST", "/api/v1/streams", request, new TypeReference<>() {});
  }

  public StreamView updateStream(String id, StreamRequest request) {
    return send("PUT", "/api/v1/streams/" + enc(id), request, new TypeReference<>() {});
  }

  public void deleteStream(String id) {
    send("DELETE", "/api/v1/streams/" + enc(id), null, null);
  }

  public List<ProcessorSpec> processors() {
    return get("/api/v1/processors", new TypeReference<>() {}, false);
  }

  public ProcessorSpec processor(String name) {
    return get("/api/v1/processors/" + enc(name), new TypeReference<>() {}, false);
  }

  public ProcessorWriteResult putProcessor(String name, ProcessorRequest request) {
    return send("PUT", "/api/v1/processors/" + enc(name), request, new TypeReference<>() {});
  }

  public void deleteProcessor(String name) {
    send("DELETE", "/api/v1/processors/" + enc(name), null, null);
  }

  public List<AuditEntry> audit(int limit) {
    return get("/api/v1/audit?limit=" + limit, new TypeReference<>() {}, false);
  }

  /** Cordons the node (it keeps its streams, takes no new ones) or lifts the cordon. */
  public NodeView cordon(String nodeId, boolean cordoned) {
    return send("POST", "/api/v1/nodes/" + enc(nodeId) + (cordoned ? "/cordon" : "/uncordon"), null, new TypeReference<>() {});
  }

  /**
   * Drains the node: it is cordoned and its streams move away make-before-break; it is {@code
   * draining}, then {@code drained} ({@link NodeView#drain()} says how far, and {@code stuck} what
   * holds it past its deadline). {@link #cordon cordon(id, false)} ends a drain.
   *
   * @param maxParallel streams moving at a time, or null for the server's default (2)
   * @param deadlineS seconds the drain should take at most, or null for the server's default (600)
   */
  public NodeView drain(String nodeId, Integer maxParallel, Integer deadlineS) {
    return send("POST", "/api/v1/nodes/" + enc(nodeId) + "/drain", new DrainRequest(maxParallel, deadlineS == null ? null : deadlineS.longValue()),
        new TypeReference<>() {});
  }

  /** Every rollout the cluster keeps, newest first; only {@code processor}'s when it is not null. */
  public List<RolloutView> rollouts(String processor) {
    return get("/api/v1/rollouts" + (processor == null ? "" : "?processor=" + enc(processor)), new TypeReference<>() {}, false);
  }

  /** The processor's latest rollout (404 when it never had one). */
  public RolloutView rollout(String processor) {
    return get("/api/v1/rollouts/" + enc(processor), new TypeReference<>() {}, false);
  }

  /**
   * Pauses, resumes, promotes (past its canary) or reverts the processor's latest rollout; answers
   * the processor's latest rollout afterwards (after a revert: the rollout back to the old spec).
   * A 409 says the action does not apply to the rollout as it is.
   */
  public RolloutView rolloutAction(String processor, RolloutAction action) {
    if (action != RolloutAction.PAUSE && action != RolloutAction.RESUME && action != RolloutAction.PROMOTE && action != RolloutAction.REVERT) {
      throw new IllegalArgumentException("an operator can pause, resume, promote or revert a rollout, not " + action.wireName());
    }
    return send("POST", "/api/v1/rollouts/" + enc(processor) + "/" + action.wireName(), null, new TypeReference<>() {});
  }

  public CapacityView capacity() {
    return get("/api/v1/capacity", new TypeReference<>() {}, false);
  }

  /** Capacity with a what-if: {@code count} more streams like {@code likeStream}. */
  public CapacityView capacity(int count, String likeStream) {
    return get("/api/v1/capacity?add_streams=" + count + "&like=" + enc(likeStream), new TypeReference<>() {}, false);
  }

  public TokenCreated createToken(TokenRequest request) {
    return send("POST", "/api/v1/tokens", request, new TypeReference<>() {});
  }

  public List<TokenView> tokens() {
    return get("/api/v1/tokens", new TypeReference<>() {}, false);
  }

  public void revokeToken(String id) {
    send("DELETE", "/api/v1/tokens/" + enc(id), null, null);
  }

  /** Removes a node that has no streams; its certificates stop counting. */
  public void removeNode(String nodeId) {
    send("DELETE", "/api/v1/nodes/" + enc(nodeId), null, null);
  }

  public RebalanceView rebalance(int maxMoves, boolean dryRun) {
    return send("POST", "/api/v1/rebalance?max_moves=" + maxMoves + "&dry_run=" + dryRun, null, new TypeReference<>() {});
  }

  public List<RuleView> rules() {
    return get("/api/v1/rules", new TypeReference<>() {}, false);
  }

  public RuleView rule(String id) {
    return get("/api/v1/rules/" + enc(id), new TypeReference<>() {}, false);
  }

  /** Creates the rule, or replaces the one with its id. */
  public RuleView putRule(RuleRequest request) {
    return send("POST", "/api/v1/rules", request, new TypeReference<>() {});
  }

  /** Dry run: what the rule would decide against the events now (nothing is stored or fired). */
  public RuleView testRule(RuleRequest request) {
    return send("POST", "/api/v1/rules/test", request, new TypeReference<>() {});
  }

  public void deleteRule(String id) {
    send("DELETE", "/api/v1/rules/" + enc(id), null, null);
  }

  /** Creates or replaces a webhook; the answer shows a generated secret once. */
  public WebhookView putWebhook(io.streamfleet.model.webhook.WebhookRequest request) {
    return send("POST", "/api/v1/webhooks", request, new TypeReference<>() {});
  }

  public List<WebhookView> webhooks() {
    return get("/api/v1/webhooks", new TypeReference<>() {}, false);
  }

  public void deleteWebhook(String id) {
    send("DELETE", "/api/v1/webhooks/" + enc(id), null, null);
  }

  /**
   * Submits a job. {@link JobSubmission#created()} is false when the request's idempotency key was
   * used before: the server then answers with that earlier job instead of making a new one.
   */
  public JobSubmission submitJob(JobRequest request) {
    HttpResponse<String> r = call(request("/api/v1/jobs").POST(body(request)).build());
    return new JobSubmission(check(r, new TypeReference<JobView>() {}), r.statusCode() == 201);
  }

  /** Submits several jobs in one request: all are accepted, or none (the error names the bad ones). */
  public List<JobView> submitJobs(List<JobRequest> requests) {
    return send("POST", "/api/v1/jobs", new JobBatch(requests), new TypeReference<JobBatchAnswer>() {}).jobs();
  }

  /**
   * Jobs, newest first.
   *
   * @param state only jobs in this state, or null for all
   * @param node only jobs on this node (their current or last attempt), or null for all
   * @param limit at most this many, or null for the server's default
   */
  public JobPage jobs(JobState state, String node, Integer limit) {
    StringBuilder q = new StringBuilder("/api/v1/jobs");
    char sep = '?';
    if (state != null) {
      q.append(sep).append("state=").append(state.wireName());
      sep = '&';
    }
    if (node != null) {
      q.append(sep).append("node=").append(enc(node));
      sep = '&';
    }
    if (limit != null) {
      q.append(sep).append("limit=").append(limit);
    }
    return get(q.toString(), new TypeReference<>() {}, false);
  }

  public JobView job(String id) {
    return get("/api/v1/jobs/" + enc(id), new TypeReference<>() {}, false);
  }

  /** Cancels a job; a running attempt is stopped. Answers the job as it is now. */
  public JobView cancelJob(String id) {
    return send("POST", "/api/v1/jobs/" + enc(id) + "/cancel", null, new TypeReference<>() {});
  }

  /** Queues a failed or canceled job again with a fresh retry budget. */
  public JobView retryJob(String id) {
    return send("POST", "/api/v1/jobs/" + enc(id) + "/retry", null, new TypeReference<>() {});
  }

  public JobLogs jobLogs(String id) {
    return get("/api/v1/jobs/" + enc(id) + "/logs", new TypeReference<>() {}, false);
  }

  public List<Scenario> scenarios() {
    return get("/api/v1/scenarios", new TypeReference<ScenarioList>() {}, false).scenarios();
  }

  public Scenario scenario(String name) {
    return get("/api/v1/scenarios/" + enc(name), new TypeReference<>() {}, false);
  }

  /** Creates the scenario, or replaces the one with this name (a built-in one too). */
  public Scenario putScenario(String name, ScenarioRequest request) {
    return send("PUT", "/api/v1/scenarios/" + enc(name), request, new TypeReference<>() {});
  }

  public void deleteScenario(String name) {
    send("DELETE", "/api/v1/scenarios/" + enc(name), null, null);
  }

  /** A batch submission's body. */
  private record JobBatch(List<JobRequest> jobs) {}

  /** A batch submission's answer: the jobs in the order they were sent. */
  private record JobBatchAnswer(List<JobView> jobs) {}

  /** {@code GET /api/v1/scenarios}'s answer. */
  private record ScenarioList(List<Scenario> scenarios) {}

  /**
   * One page of the event log after id {@code since}.
   *
   * @param filters query parameters type, kind, stream, node, zone (comma-separated values)
   */
  public EventPage events(long since, java.util.Map<String, String> filters, int limit) {
    StringBuilder q = new StringBuilder("/api/v1/events?since=").append(since).append("&limit=").append(limit);
    filters.forEach((k, v) -> q.append('&').append(enc(k)).append('=').append(enc(v)));
    return get(q.toString(), new TypeReference<>() {}, false);
  }

  /**
   * Follows the event log live (Server-Sent Events) from after {@code since} (null: from now on): every entry, and
   * then each new one, goes to {@code onEvent} on a background thread until the follower is closed
   * or the connection breaks ({@link EventFollower#done()}; resume from {@link EventFollower#lastId()}).
   */
  public EventFollower followEvents(Long since, java.util.Map<String, String> filters,
      java.util.function.Consumer<io.streamfleet.model.event.EventRecord> onEvent) {
    StringBuilder q = new StringBuilder("/api/v1/events");
    char sep = '?';
    for (var f : filters.entrySet()) {
      q.append(sep).append(enc(f.getKey())).append('=').append(enc(f.getValue()));
      sep = '&';
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + q.toString()))
        .header("Accept", "text/event-stream");
    if (since != null) {
      b.header("Last-Event-ID", Long.toString(since));
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    EventFollower follower = new EventFollower(json, since, onEvent);
    HttpResponse<java.util.stream.Stream<String>> response;
    try {
      response = http.send(b.GET().build(), HttpResponse.BodyHandlers.ofLines());
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiCallException(0, "interrupted", "interrupted while calling " + base, null);
    }
    if (response.statusCode() != 200) {
      String body;
      try (var lines = response.body()) {
        body = lines.collect(java.util.stream.Collectors.joining("\n"));
      }
      throw failure(response.statusCode(), body);
    }
    java.util.concurrent.CompletableFuture<Void> finished = new java.util.concurrent.CompletableFuture<>();
    follower.attach(response.body(), finished);
    Thread.ofVirtual().name("streamfleet-events").start(() -> {
      try (var lines = response.body()) {
        lines.forEach(follower::line);
      } catch (RuntimeException e) {
        // closed by us, or the connection broke: done() tells the caller
      } finally {
        finished.complete(null);
      }
    });
    return follower;
  }

  /** Sends raw bytes (for tests of malformed input); returns status and body, without retrying a 429. */
  public HttpResponse<String> raw(String method, String path, byte[] body) {
    HttpRequest.Builder b = request(path);
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
    return callOnce(b.build()); // exactly what the server answered, 429 included
  }

  private <T> T get(String path, TypeReference<T> type, boolean acceptUnavailable) {
    HttpResponse<String> r = call(request(path).GET().build());
    if (r.statusCode() == 503 && acceptUnavailable) {
      return decode(r, type);
    }
    return check(r, type);
  }

  private <T> T send(String method, String path, Object body, TypeReference<T> type) {
    return check(call(request(path).method(method, body(body)).build()), type);
  }

  private HttpRequest.BodyPublisher body(Object body) {
    try {
      return body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body));
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot encode request body: " + e.getMessage(), e);
    }
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path))
        .timeout(timeout)
        .header("Content-Type", "application/json")
        .header("Accept", "application/json");
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return b;
  }

  /**
   * Sends; a {@code 429} is retried after its {@code Retry-After} (up to {@link #MAX_RATE_RETRIES}
   * times when the wait is at most 5 s), so a script that creates many streams slows down instead
   * of failing.
   */
  private HttpResponse<String> call(HttpRequest request) {
    HttpResponse<String> r = callOnce(request);
    for (int retry = 0; r.statusCode() == 429 && retry < MAX_RATE_RETRIES; retry++) {
      long waitS = r.headers().firstValue("Retry-After").map(StreamfleetClient::seconds).orElse(1L);
      if (waitS > 5) {
        break;
      }
      try {
        Thread.sleep(waitS * 1000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      r = callOnce(request);
    }
    return r;
  }

  private static final int MAX_RATE_RETRIES = 5;

  private static long seconds(String header) {
    try {
      return Math.max(0, Long.parseLong(header.trim()));
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private HttpResponse<String> callOnce(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    } catch (ConnectException e) {
      throw unreachable(e);
    } catch (IOException e) {
      throw unreachable(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ApiCallException(0, "interrupted", "interrupted while calling " + base, null);
    }
  }

  private ApiCallException unreachable(IOException e) {
    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    if (e instanceof javax.net.ssl.SSLException || why.contains("PKIX") || why.contains("certificate")) {
      return new ApiCallException(0, "tls", "TLS with " + base + " failed (" + why + "); give the cluster's CA certificate with --ca-cert FILE"
          + " or STREAMFLEET_CA_CERT (it is SERVER_DATA/tls/ca.crt)", null);
    }
    if (base.getScheme().equals("https") && why.contains("HTTP/1.1 header parser received no bytes")) {
      return new ApiCallException(0, "tls", "the server at " + base + " does not speak HTTPS; is it a development server (http://)?", null);
    }
    return new ApiCallException(0, "unreachable", "cannot reach a Streamfleet server at " + base + " (" + why
        + "); is it running? Point at another with --server URL or STREAMFLEET_ADDR", null);
  }

  private <T> T check(HttpResponse<String> r, TypeReference<T> type) {
    if (r.statusCode() >= 400) {
      throw failure(r.statusCode(), r.body());
    }
    return type == null || r.body().isEmpty() ? null : decode(r, type);
  }

  /** An error answer as an exception: the server's error code, message and details when it sent them. */
  private ApiCallException failure(int status, String body) {
    ApiError error;
    try {
      error = json.readValue(body, ApiError.class);
    } catch (IOException | RuntimeException e) {
      return new ApiCallException(status, "http_" + status, "HTTP " + status + ": " + body, null);
    }
    return new ApiCallException(status, error.error().code(), error.error().message(), error.error().details());
  }

  private <T> T decode(HttpResponse<String> r, TypeReference<T> type) {
    try {
      return json.readValue(r.body(), type);
    } catch (IOException e) {
      throw new ApiCallException(r.statusCode(), "bad_response", "the server's answer could not be read: " + e.getMessage(), null);
    }
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
