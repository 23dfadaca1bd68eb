package io.streamfleet.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.streamfleet.model.FieldError;
import io.streamfleet.model.InvalidInputException;
import io.streamfleet.model.NodeRecord;
import io.streamfleet.model.command.CancelJob;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.DispatchJobs;
import io.streamfleet.model.command.NodeSeen;
import io.streamfleet.model.command.RegisterNode;
import io.streamfleet.model.command.ReportJobs;
import io.streamfleet.model.command.RetryJob;
import io.streamfleet.model.command.SubmitJobs;
import io.streamfleet.model.job.JobRecord;
import io.streamfleet.model.job.JobRequest;
import io.streamfleet.model.job.JobSpec;
import io.streamfleet.model.job.JobSpecParser;
import io.streamfleet.model.job.JobState;
import io.streamfleet.server.api.seed.SeedBodies;
import io.streamfleet.server.api.seed.SeedJobs;
import io.streamfleet.server.api.seed.SeedNodes;
import io.streamfleet.server.api.seed.SeedResults;
import io.streamfleet.server.api.seed.StateChanges;
import io.streamfleet.server.placement.JobPlacement;
import io.streamfleet.server.state.StateStore;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The FFmpeg farm seed's HTTP API, at its own paths (no prefix), so that a worker written against
 * the seed (its Go agent, or a shell loop) works unchanged: register, heartbeat, poll {@code
 * /jobs/next}, post {@code /results}.
 *
 * <p>Design note: a worker's poll is the dispatch. {@code GET /jobs/next} picks the first job the
 * worker can run ({@link JobPlacement#nextFor}), leases it with a {@link DispatchJobs} of one
 * and, since the seed has no "started" call, reports it running at once. Two workers polling
 * together may pick the same job: the apply re-checks the epoch, so exactly one lease wins and the
 * other worker tries the next job. A result is accepted only from the worker holding the current
 * lease; anything else is refused with 409 and changes nothing.
 */
final class SeedApiRoutes {
  /** How often a worker's requests are committed as a sign of life, at most. */
  static final long SEEN_EVERY_MS = 1_000;

  /** Queued jobs looked at per pick, as the leader's dispatcher does. */
  static final int MAX_SCAN = 10_000;
  /** Picks per poll that other workers may win before this poll gives up for now. */
  static final int MAX_LEASE_TRIES = 8;
  static final int MAX_WAIT_S = 30;
  static final int MAX_LIST = 10_000;

  private final StateStore store;
  private final CommandGateway gateway;
  private final Clock clock;
  private final StateChanges changes;

  SeedApiRoutes(StateStore store, CommandGateway gateway, Clock clock) {
    this.store = store;
    this.gateway = gateway;
    this.clock = clock;
    this.changes = new StateChanges(store);
  }

  void register(RoutesConfig routes) {
    routes.post("/nodes/register", this::registerNode, Access.OPERATOR);
    routes.get("/nodes", this::nodes, Access.VIEWER);
    routes.post("/nodes/{id}/heartbeat", this::heartbeat, Access.OPERATOR);
    routes.get("/jobs/next", this::next, Access.OPERATOR); // before /jobs/{id}
    routes.post("/jobs", this::createJob, Access.OPERATOR);
    routes.get("/jobs", this::jobs, Access.VIEWER);
    routes.get("/jobs/{id}", this::job, Access.VIEWER);
    routes.post("/jobs/{id}/cancel", this::cancel, Access.OPERATOR);
    routes.post("/jobs/{id}/retry", this::retry, Access.OPERATOR);
    routes.post("/results", this::results, Access.OPERATOR);
    routes.get("/health", ctx -> ctx.json(Map.of("status", "ok")), Access.PUBLIC);
  }

  // ---- nodes ----

  private void registerNode(Context ctx) {
    SeedNodes.Registration r = SeedBodies.read(ctx.bodyAsBytes(), SeedNodes.Registration.class);
    String id = r.address() == null || r.address().isBlank() ? null : SeedNodes.nodeId(r.address().trim());
    NodeRecord existing = id == null ? null : store.read(s -> s.node(id));
    if (existing != null && !existing.isHttpWorker()) {
      throw new ApiException(409, "conflict", "node '" + id + "' is a Streamfleet agent; an HTTP worker cannot take its id."
          + " Register the worker under another address");
    }
    RegisterNode command = SeedNodes.command(RequestActor.meta(ctx, clock), r, existing);
    gateway.submit(command);
    ctx.status(existing == null ? 201 : 200).json(store.read(s -> SeedNodes.view(s, s.node(command.nodeId()))));
  }

  private void nodes(Context ctx) {
    List<SeedNodes.SeedNode> all = store.read(s -> s.nodes().stream().map(n -> SeedNodes.view(s, n)).toList());
    ctx.json(new SeedNodes.NodeList(all, all.size()));
  }

  private void heartbeat(Context ctx) {
    String id = ctx.pathParam("id");
    requireHttpWorker(id);
    seen(RequestActor.meta(ctx, clock), id);
    ctx.json(Map.of("status", "ok"));
  }

  /**
   * Renews the worker's liveness: a commit, but at most one a second per worker (a worker that
   * polls, heartbeats and reports in quick succession costs one, and its lease is far longer).
   */
  private void seen(CommandMeta meta, String nodeId) {
    boolean due = store.read(s -> {
      Long last = s.httpWorkerSeenMs(nodeId);
      return s.node(nodeId).state() == io.streamfleet.model.NodeState.DOWN || last == null || meta.atMs() - last >= SEEN_EVERY_MS;
    });
    if (due) {
      gateway.submit(new NodeSeen(meta, nodeId));
    }
  }

  /** 404 for an unknown node, 409 for an agent's (its session, not HTTP calls, says it is alive). */
  private void requireHttpWorker(String nodeId) {
    NodeRecord node = store.read(s -> s.node(nodeId));
    if (node == null) {
      throw new ApiException(404, "not_found", "node '" + nodeId + "' is not registered; register it first with POST /nodes/register");
    }
    if (!node.isHttpWorker()) {
      throw new ApiException(409, "conflict", "node '" + nodeId + "' is a Streamfleet agent; it gets its jobs and reports over its"
          + " agent session, not over the FFmpeg farm API");
    }
  }

  // ---- jobs ----

  private void createJob(Context ctx) {
    JobRequest request = SeedJobs.request(ctx.bodyAsBytes());
    JobSpec spec;
    try {
      spec = JobRoutes.withId(store.read(s -> JobSpecParser.parse(request, s::scenario, s::processor)));
    } catch (InvalidInputException e) {
      throw JobRoutes.invalid(e.errors());
    }
    CommandResult result = gateway.submit(new SubmitJobs(RequestActor.meta(ctx, clock), List.of(spec)));
    if (result.version() == 0 && spec.idempotencyKey() != null) {
      ctx.status(200).json(view(store.read(s -> s.jobByIdempotencyKey(spec.idempotencyKey()))));
      return;
    }
    ctx.status(201).json(view(spec.id()));
  }

  /** Every job in submission order (the newest {@code limit}, default and at most 10,000), the seed's list shape. */
  private void jobs(Context ctx) {
    int limit = MAX_LIST;
    String q = ctx.queryParam("limit");
    if (q != null && !q.isEmpty()) {
      try {
        limit = Integer.parseInt(q);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIST) {
        throw new ApiException(400, "invalid", "limit: '" + q + "' is not a whole number from 1 to " + MAX_LIST);
      }
    }
    int max = limit;
    List<SeedJobs.SeedJob> page = store.read(s -> {
      List<JobRecord> all = s.jobs();
      return all.subList(Math.max(0, all.size() - max), all.size()).stream().map(SeedJobs::view).toList();
    });
    ctx.json(new SeedJobs.JobList(page, page.size()));
  }

  private void job(Context ctx) {
    ctx.json(view(ctx.pathParam("id")));
  }

  private void cancel(Context ctx) {
    String id = ctx.pathParam("id");
    String reason = null;
    if (ctx.bodyAsBytes().length > 0) {
      reason = SeedBodies.read(ctx.bodyAsBytes(), JobRoutes.CancelBody.class).reason();
      if (reason != null && (reason.isBlank() || reason.length() > JobRoutes.MAX_REASON_LENGTH)) {
        reason = null;
      }
    }
    gateway.submit(new CancelJob(RequestActor.meta(ctx, clock), id, reason));
    ctx.json(view(id).withJobId());
  }

  private void retry(Context ctx) {
    String id = ctx.pathParam("id");
    gateway.submit(new RetryJob(RequestActor.meta(ctx, clock), id));
    ctx.json(view(id).withJobId());
  }

  private SeedJobs.SeedJob view(String id) {
    SeedJobs.SeedJob v = id == null ? null : store.read(s -> {
      JobRecord j = s.job(id);
      return j == null ? null : SeedJobs.view(j);
    });
    if (v == null) {
      throw ApiException.notFound("job", id);
    }
    return v;
  }

  // ---- the worker's poll ----

  private void next(Context ctx) throws InterruptedException {
    String nodeId = ctx.queryParam("node_id");
    if (nodeId == null || nodeId.isBlank()) {
      throw new ApiException(400, "invalid", "node_id: is required; poll with GET /jobs/next?node_id=ID, the id POST /nodes/register"
          + " answered");
    }
    long waitMs = TimeUnit.SECONDS.toMillis(waitSeconds(ctx.queryParam("wait_s")));
    requireHttpWorker(nodeId);
    seen(RequestActor.meta(ctx, clock), nodeId);
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMs);
    while (true) {
      CompletableFuture<Void> change = changes.next(); // before looking, so that no change is missed
      SeedJobs.SeedJob leased = lease(ctx, nodeId);
      if (leased != null) {
        ctx.json(Collections.singletonMap("job", leased));
        return;
      }
      long remaining = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
      if (remaining <= 0) {
        break;
      }
      // A retry's backoff ends without a state change: wake for it too.
      StateChanges.await(change, Math.min(remaining, untilBackoffEnds()));
    }
    ctx.contentType("application/json").result("{\"job\":null}"); // the mapper leaves null values out
  }

  /** The job now leased to and running on {@code nodeId}, or null when there is none for it. */
  private SeedJobs.SeedJob lease(Context ctx, String nodeId) {
    for (int i = 0; i < MAX_LEASE_TRIES; i++) {
      CommandMeta meta = RequestActor.meta(ctx, clock);
      JobRecord pick = store.read(s -> JobPlacement.nextFor(s, nodeId, meta.atMs(), MAX_SCAN));
      if (pick == null) {
        return null;
      }
      long epoch = pick.epoch() + 1;
      gateway.submit(new DispatchJobs(meta, List.of(new DispatchJobs.Dispatch(pick.id(), pick.epoch(), nodeId))));
      if (!holds(pick.id(), nodeId, epoch, JobState.DISPATCHED)) {
        continue; // another worker's lease won, or the job changed: pick again
      }
      gateway.submit(new ReportJobs(meta, nodeId, List.of(new ReportJobs.Item(pick.id(), epoch, ReportJobs.RUNNING, null, null))));
      if (holds(pick.id(), nodeId, epoch, JobState.RUNNING)) {
        return view(pick.id());
      }
    }
    return null;
  }

  private boolean holds(String jobId, String nodeId, long epoch, JobState state) {
    return store.read(s -> {
      JobRecord j = s.job(jobId);
      return j != null && j.state() == state && j.epoch() == epoch && nodeId.equals(j.node());
    });
  }

  /** Milliseconds until the first retry backoff in the queue ends (this worker may not run that job: it then just looks again), or a day. */
  private long untilBackoffEnds() {
    long now = clock.millis();
    Long soonest = store.read(s -> s.nextJobBackoffEnd(now));
    return soonest == null ? TimeUnit.DAYS.toMillis(1) : Math.max(1, soonest - now);
  }

  private static int waitSeconds(String value) {
    if (value == null || value.isEmpty()) {
      return 0;
    }
    try {
      int s = Integer.parseInt(value);
      if (s >= 0 && s <= MAX_WAIT_S) {
        return s;
      }
    } catch (NumberFormatException e) {
      // the message below says what is allowed
    }
    throw new ApiException(400, "invalid", "wait_s: '" + value + "' is not a whole number of seconds from 0 to " + MAX_WAIT_S);
  }

  // ---- results ----

  private void results(Context ctx) {
    SeedResults.SeedResult r = SeedBodies.read(ctx.bodyAsBytes(), SeedResults.SeedResult.class);
    List<FieldError> missing = new ArrayList<>();
    if (r.jobId() == null || r.jobId().isBlank()) {
      missing.add(new FieldError("job_id", "is required: the id of the job this result is for"));
    }
    if (r.nodeId() == null || r.nodeId().isBlank()) {
      missing.add(new FieldError("node_id", "is required: the id POST /nodes/register answered"));
    }
    if (!missing.isEmpty()) {
      throw JobRoutes.invalid(missing);
    }
    SeedResults.succeeded(r); // a bad status is a 400 before anything is looked up
    JobRecord job = store.read(s -> s.job(r.jobId()));
    if (job == null) {
      throw ApiException.notFound("job", r.jobId());
    }
    refuseUnlessLeased(job, r.nodeId());
    requireHttpWorker(r.nodeId());
    CommandMeta meta = RequestActor.meta(ctx, clock);
    seen(meta, r.nodeId());
    CommandResult applied = gateway.submit(new ReportJobs(meta, r.nodeId(), List.of(SeedResults.item(r, job, meta.atMs()))));
    if (applied.version() == 0) {
      JobRecord now = store.read(s -> s.job(r.jobId()));
      throw new ApiException(409, "conflict", "job '" + r.jobId() + "' changed while this result was on its way (it is "
          + (now == null ? "gone" : now.state().wireName()) + "); this result is refused");
    }
    ctx.json(view(r.jobId()));
  }

  /** 409, and nothing changes, unless {@code nodeId} holds the job's current lease. */
  private static void refuseUnlessLeased(JobRecord job, String nodeId) {
    if (job.state().terminal()) {
      throw new ApiException(409, "conflict", "job '" + job.id() + "' is already " + SeedJobs.status(job.state())
          + "; this result is refused");
    }
    if (!job.state().active()) {
      throw new ApiException(409, "conflict", "job '" + job.id() + "' is not leased to any node (it is queued again"
          + (job.reason() == null ? "" : ": " + job.reason()) + "); this result is refused");
    }
    if (!nodeId.equals(job.node())) {
      throw new ApiException(409, "conflict", "job '" + job.id() + "' is leased to node '" + job.node() + "', not '" + nodeId
          + "'; this result is refused");
    }
  }
}
