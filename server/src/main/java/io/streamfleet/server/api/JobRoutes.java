package io.streamfleet.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.streamfleet.model.FieldError;
import io.streamfleet.model.InvalidInputException;
import io.streamfleet.model.Json;
import io.streamfleet.model.api.JobView;
import io.streamfleet.model.command.CancelJob;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.RetryJob;
import io.streamfleet.model.command.SubmitJobs;
import io.streamfleet.model.job.JobAttempt;
import io.streamfleet.model.job.JobRecord;
import io.streamfleet.model.job.JobRequest;
import io.streamfleet.model.job.JobResult;
import io.streamfleet.model.job.JobSpec;
import io.streamfleet.model.job.JobSpecParser;
import io.streamfleet.model.job.JobState;
import io.streamfleet.server.state.StateStore;
import java.io.IOException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code /api/v1/jobs}: submit (one job or a batch), list, show, cancel, retry, logs. A submission
 * is one {@link SubmitJobs} command whatever its size, so a batch is accepted whole or not at all.
 */
final class JobRoutes {
  /** Jobs per request: one batch is one Raft entry, which must stay well below Ratis's 4 MiB limit. */
  static final int MAX_BATCH = 5_000;
  static final int MAX_COMMAND_BYTES = 3 * 1024 * 1024;
  static final int DEFAULT_LIMIT = 100;
  static final int MAX_LIMIT = 10_000;
  static final int MAX_REASON_LENGTH = 512;

  private final StateStore store;
  private final CommandGateway gateway;
  private final Clock clock;

  JobRoutes(StateStore store, CommandGateway gateway, Clock clock) {
    this.store = store;
    this.gateway = gateway;
    this.clock = clock;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/jobs", this::submit, Access.OPERATOR);
    routes.get("/api/v1/jobs", this::list, Access.VIEWER);
    routes.get("/api/v1/jobs/{id}", this::show, Access.VIEWER);
    routes.post("/api/v1/jobs/{id}/cancel", this::cancel, Access.OPERATOR);
    routes.post("/api/v1/jobs/{id}/retry", this::retry, Access.OPERATOR);
    routes.get("/api/v1/jobs/{id}/logs", this::logs, Access.VIEWER);
  }

  /** The body of a batch submission and its answer. */
  record Batch(List<JobRequest> jobs) {}

  record BatchAnswer(List<JobView> jobs) {}

  /** {@code GET /api/v1/jobs}: newest first; {@code total} counts every match, not only the page. */
  record Page(List<JobView> jobs, long total) {}

  record CancelBody(String reason) {}

  /** What {@code GET /api/v1/jobs/{id}/logs} shows: the newest attempt's stderr, its result, the attempts. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  record Logs(String job, String state, String stderrTail, JobResult result, List<JobAttempt> history) {}

  private void submit(Context ctx) {
    if (isBatch(ctx.bodyAsBytes())) {
      submitBatch(ctx, JsonBodies.read(ctx, Batch.class));
      return;
    }
    JobSpec spec = withId(parse(JsonBodies.read(ctx, JobRequest.class), ""));
    CommandResult result = gateway.submit(new SubmitJobs(RequestActor.meta(ctx, clock), List.of(spec)));
    if (result.version() == 0 && spec.idempotencyKey() != null) {
      // The key stood for a job already: that job is the answer, and nothing was added.
      ctx.status(200).json(view(store.read(s -> s.jobByIdempotencyKey(spec.idempotencyKey()))));
      return;
    }
    ctx.status(201).header("Location", "/api/v1/jobs/" + spec.id()).json(view(spec.id()));
  }

  private void submitBatch(Context ctx, Batch batch) {
    if (batch.jobs() == null || batch.jobs().isEmpty()) {
      throw new ApiException(400, "invalid", "jobs: is empty; send {\"jobs\": [{\"scenario\": \"1080p30-h264\"}, ...]} with 1 to "
          + MAX_BATCH + " jobs");
    }
    if (batch.jobs().size() > MAX_BATCH) {
      throw new ApiException(400, "invalid", "jobs: has " + batch.jobs().size() + " entries; the limit is " + MAX_BATCH
          + " per request; send the rest in further requests");
    }
    List<JobSpec> specs = new ArrayList<>();
    List<FieldError> errors = new ArrayList<>();
    for (int i = 0; i < batch.jobs().size(); i++) {
      try {
        specs.add(withId(check(batch.jobs().get(i), "jobs[" + i + "].")));
      } catch (InvalidInputException e) {
        errors.addAll(e.errors());
      }
    }
    if (!errors.isEmpty()) {
      throw invalid(errors);
    }
    SubmitJobs command = new SubmitJobs(RequestActor.meta(ctx, clock), specs);
    int bytes = io.streamfleet.model.command.CommandCodec.encode(command).length;
    if (bytes > MAX_COMMAND_BYTES) {
      throw new ApiException(413, "body_too_large", "jobs: these " + specs.size() + " jobs make a " + bytes / 1024 + " KiB entry in the"
          + " replicated log; the limit is " + MAX_COMMAND_BYTES / 1024 + " KiB: send fewer jobs per request");
    }
    gateway.submit(command);
    List<JobView> views = store.read(s -> specs.stream().map(spec -> {
      String id = spec.idempotencyKey() == null ? spec.id() : s.jobByIdempotencyKey(spec.idempotencyKey());
      JobRecord j = id == null ? null : s.job(id);
      return j == null ? null : JobView.of(j);
    }).filter(v -> v != null).toList());
    ctx.status(201).json(new BatchAnswer(views));
  }

  private void list(Context ctx) {
    JobState state = stateParam(ctx.queryParam("state"));
    String node = ctx.queryParam("node");
    int limit = limitParam(ctx.queryParam("limit"));
    ctx.json(store.read(s -> {
      List<JobRecord> all = s.jobs();
      List<JobView> page = new ArrayList<>();
      long total = 0;
      for (int i = all.size() - 1; i >= 0; i--) {
        JobRecord j = all.get(i);
        if ((state == null || j.state() == state) && (node == null || node.equals(lastNode(j)))) {
          total++;
          if (page.size() < limit) {
            page.add(JobView.of(j).withReason(JobWaits.reason(s, j, clock.millis())));
          }
        }
      }
      return new Page(page, total);
    }));
  }

  private void show(Context ctx) {
    ctx.json(view(ctx.pathParam("id")));
  }

  private void cancel(Context ctx) {
    String id = ctx.pathParam("id");
    String reason = null;
    if (ctx.bodyAsBytes().length > 0) {
      reason = JsonBodies.read(ctx, CancelBody.class).reason();
      if (reason != null && (reason.isBlank() || reason.length() > MAX_REASON_LENGTH)) {
        throw new ApiException(400, "invalid", "reason: must be 1 to " + MAX_REASON_LENGTH + " characters, or left out");
      }
    }
    gateway.submit(new CancelJob(RequestActor.meta(ctx, clock), id, reason));
    ctx.json(view(id));
  }

  private void retry(Context ctx) {
    String id = ctx.pathParam("id");
    gateway.submit(new RetryJob(RequestActor.meta(ctx, clock), id));
    ctx.json(view(id));
  }

  private void logs(Context ctx) {
    String id = ctx.pathParam("id");
    Logs logs = store.read(s -> {
      JobRecord j = s.job(id);
      if (j == null) {
        return null;
      }
      JobResult r = j.result();
      return new Logs(j.id(), j.state().wireName(), r == null ? null : r.stderrTail(), r, j.history());
    });
    if (logs == null) {
      throw ApiException.notFound("job", id);
    }
    ctx.json(logs);
  }

  // ---- helpers ----

  /** A body with a top-level {@code jobs} field is a batch; anything else is one job (and JsonBodies explains what is wrong). */
  private static boolean isBatch(byte[] body) {
    if (body.length == 0) {
      return false;
    }
    try {
      JsonNode tree = Json.mapper().readTree(body);
      return tree != null && tree.isObject() && tree.has("jobs");
    } catch (IOException e) {
      return false;
    }
  }

  private JobSpec parse(JobRequest request, String prefix) {
    try {
      return check(request, prefix);
    } catch (InvalidInputException e) {
      throw invalid(e.errors());
    }
  }

  /** Checks one request against the scenarios and processors now; field names get {@code prefix}. */
  private JobSpec check(JobRequest request, String prefix) {
    try {
      return store.read(s -> JobSpecParser.parse(request, s::scenario, s::processor));
    } catch (InvalidInputException e) {
      throw new InvalidInputException(e.errors().stream().map(f -> new FieldError(prefix + f.field(), f.message())).toList());
    }
  }

  static ApiException invalid(List<FieldError> errors) {
    return new ApiException(400, "invalid", errors.stream().map(FieldError::toString).collect(Collectors.joining("; ")), errors);
  }

  /** A job without an id gets a random one here, on the proposing server: applying the command never invents one. */
  static JobSpec withId(JobSpec spec) {
    return spec.id() != null ? spec : spec.withId(UUID.randomUUID().toString());
  }

  /** The node of the current attempt, or of the newest one when none is active. */
  static String lastNode(JobRecord j) {
    if (j.node() != null) {
      return j.node();
    }
    return j.history().isEmpty() ? null : j.history().get(j.history().size() - 1).node();
  }

  private static JobState stateParam(String value) {
    if (value == null || value.isEmpty()) {
      return null;
    }
    for (JobState s : JobState.values()) {
      if (s.wireName().equals(value)) {
        return s;
      }
    }
    throw new ApiException(400, "invalid", "state: '" + value + "' is not a job state; use one of "
        + Arrays.stream(JobState.values()).map(JobState::wireName).collect(Collectors.joining(", ")));
  }

  private static int limitParam(String value) {
    if (value == null || value.isEmpty()) {
      return DEFAULT_LIMIT;
    }
    try {
      int limit = Integer.parseInt(value);
      if (limit >= 1 && limit <= MAX_LIMIT) {
        return limit;
      }
    } catch (NumberFormatException e) {
      // the message below says what is allowed
    }
    throw new ApiException(400, "invalid", "limit: '" + value + "' is not a whole number from 1 to " + MAX_LIMIT + " (default "
        + DEFAULT_LIMIT + ")");
  }

  private JobView view(String id) {
    JobView v = id == null ? null : store.read(s -> {
      JobRecord j = s.job(id);
      return j == null ? null : JobView.of(j).withReason(JobWaits.reason(s, j, clock.millis()));
    });
    if (v == null) {
      throw ApiException.notFound("job", id);
    }
    return v;
  }
}
