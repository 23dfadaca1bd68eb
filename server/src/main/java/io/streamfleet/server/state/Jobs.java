package io.streamfleet.server.state;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.streamfleet.model.Json;
import io.streamfleet.model.Resources;
import io.streamfleet.model.command.CancelJob;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.DeleteScenario;
import io.streamfleet.model.command.DispatchJobs;
import io.streamfleet.model.command.PurgeJobs;
import io.streamfleet.model.command.PutScenario;
import io.streamfleet.model.command.ReportJobs;
import io.streamfleet.model.command.RequeueJobs;
import io.streamfleet.model.command.RetryJob;
import io.streamfleet.model.command.SubmitJobs;
import io.streamfleet.model.event.EventRecord;
import io.streamfleet.model.job.JobAnalyzer;
import io.streamfleet.model.job.JobAttempt;
import io.streamfleet.model.job.JobRecord;
import io.streamfleet.model.job.JobResult;
import io.streamfleet.model.job.JobSpec;
import io.streamfleet.model.job.JobState;
import io.streamfleet.model.job.Scenario;
import io.streamfleet.model.job.Scenarios;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.BiPredicate;

/**
 * The job queue, one aggregate of {@link ClusterState}: every job from submission to its
 * result, the FFmpeg scenarios, and the indexes the leader's dispatcher reads (the queue in
 * priority and FIFO order, the attempts active on each node, the fenced attempts).
 *
 * <p>The rule that an attempt never runs on two nodes at once is the exclusive-stream rule: a job
 * attempt runs only under its node's lease; an attempt that leaves its node without a proof of
 * death (preempted, canceled, its node declared down) leaves a {@link JobRecord.Fence}, and the
 * job is dispatched again only once that node confirms the stop (a {@code stopped} report, a
 * heartbeat, a new agent process) or the leader knows its lease has run out.
 *
 * <p>Deterministic: times come from commands, the retry jitter from the job id.
 */
final class Jobs {
  /** Job events name the job in their payload. */
  static final String EVENT_TYPE = io.streamfleet.model.event.EventTypes.JOB;

  /** Higher priority first, then submission order. */
  private record QueueKey(int priority, long seq, String id) {}

  private static final Comparator<QueueKey> QUEUE_ORDER = Comparator.comparingInt((QueueKey k) -> -k.priority())
      .thenComparingLong(QueueKey::seq).thenComparing(QueueKey::id);

  private final Map<String, JobRecord> byId = new HashMap<>();
  private final NavigableSet<QueueKey> queue = new TreeSet<>(QUEUE_ORDER);
  /** node → job ids dispatched to it or running there. */
  private final Map<String, Set<String>> activeByNode = new HashMap<>();
  private final Map<String, String> byIdempotencyKey = new HashMap<>();
  /** job → jobs that depend on it and wait. */
  private final Map<String, Set<String>> dependents = new HashMap<>();
  /** Finished jobs by (finished time, seq): the retention's order. */
  private final NavigableMap<long[], String> finished = new TreeMap<>(Comparator.<long[]>comparingLong(k -> k[0]).thenComparingLong(k -> k[1]));
  private final Set<String> fenced = new HashSet<>();
  private final java.util.EnumMap<JobState, Integer> counts = new java.util.EnumMap<>(JobState.class);
  /** node → {cpu, memory, gpu} the active attempts there reserve, kept as they change. */
  private final Map<String, int[]> reservedByNode = new HashMap<>();
  /** When queued jobs' backoffs end: time → how many end then. */
  private final NavigableMap<Long, Integer> backoffEnds = new TreeMap<>();
  private final NavigableMap<String, Scenario> scenarios = new TreeMap<>();
  private final EventLog log;
  private long nextSeq = 1;

  Jobs(EventLog log) {
    this.log = log;
    Scenarios.builtin().forEach(s -> scenarios.put(s.name(), s));
  }

  void restore(List<JobRecord> saved, List<Scenario> savedScenarios, long savedNextSeq) {
    if (savedScenarios != null) {
      scenarios.clear();
      savedScenarios.forEach(s -> scenarios.put(s.name(), s));
    }
    if (saved != null) {
      saved.forEach(this::index);
    }
    nextSeq = Math.max(savedNextSeq, nextSeq);
  }

  // ---- commands ----

  CommandResult submit(SubmitJobs c) {
    Set<String> batch = new HashSet<>();
    for (JobSpec spec : c.jobs()) {
      if (spec.idempotencyKey() != null && byIdempotencyKey.containsKey(spec.idempotencyKey())) {
        continue;
      }
      if (byId.containsKey(spec.id()) || !batch.add(spec.id())) {
        return CommandResult.rejected(CommandResult.CONFLICT, "job '" + spec.id() + "' already exists; pick another id or leave it out");
      }
      if (spec.dependsOn() != null && !byId.containsKey(spec.dependsOn()) && !batch.contains(spec.dependsOn())) {
        return CommandResult.rejected(CommandResult.INVALID, "depends_on: job '" + spec.dependsOn() + "' does not exist");
      }
    }
    int added = 0;
    long at = c.meta().atMs();
    for (JobSpec spec : c.jobs()) {
      if (spec.idempotencyKey() != null && byIdempotencyKey.containsKey(spec.idempotencyKey())) {
        continue;
      }
      JobRecord job = JobRecord.queued(spec, nextSeq++, at, c.meta().actor(), null);
      index(job);
      added++;
      JobRecord dep = spec.dependsOn() == null ? null : byId.get(spec.dependsOn());
      if (dep != null && (dep.state() == JobState.FAILED || dep.state() == JobState.CANCELED)) {
        dependencyFailed(job, dep, at);
      }
    }
    return CommandResult.ok(added);
  }

  /**
   * @param fits whether a node takes a job's resources now (ready, of a kind that runs it, room
   *     left after streams and active jobs)
   */
  CommandResult dispatch(DispatchJobs c, BiPredicate<String, JobRecord> fits) {
    int done = 0;
    for (DispatchJobs.Dispatch d : c.dispatches()) {
      JobRecord j = byId.get(d.jobId());
      if (j == null || j.state() != JobState.QUEUED || j.epoch() != d.fromEpoch() || j.fence() != null || !dependencyMet(j)
          || j.notBeforeMs() > c.meta().atMs() || !fits.test(d.node(), j)) {
        continue; // the state moved on since the leader planned; the next round re-plans
      }
      replace(j, j.with().state(JobState.DISPATCHED).epoch(j.epoch() + 1).node(d.node()).dispatchedMs(c.meta().atMs())
          .startedMs(0).reason(null).build());
      done++;
    }
    return CommandResult.ok(done);
  }

  CommandResult report(ReportJobs c, long logIndex) {
    int applied = 0;
    long at = c.meta().atMs();
    for (ReportJobs.Item item : c.items()) {
      JobRecord j = byId.get(item.jobId());
      if (j == null) {
        continue;
      }
      if (ReportJobs.STOPPED.equals(item.phase()) && j.fence() != null && j.fence().node().equals(c.node())
          && j.fence().epoch() == item.epoch()) {
        replace(j, j.with().fence(null).build()); // the node confirms the old attempt is dead
        applied++;
        continue;
      }
      if (!j.state().active() || j.epoch() != item.epoch() || !c.node().equals(j.node())) {
        continue; // stale: an attempt the job has left behind
      }
      switch (item.phase()) {
        case ReportJobs.RUNNING -> {
          if (j.state() == JobState.DISPATCHED) {
            replace(j, j.with().state(JobState.RUNNING).attempts(j.attempts() + 1).startedMs(at).build());
          }
        }
        case ReportJobs.EXITED -> exited(j, item.result() == null ? JobResult.notRun(item.reason()) : item.result(), at);
        case ReportJobs.STOPPED -> {
          // The node stopped it by itself (lease lost, agent shutting down): the attempt is dead, retry it.
          lost(j, "stopped on " + c.node() + (item.reason() == null ? "" : " (" + item.reason() + ")"), at, false, logIndex);
        }
        default -> {
          continue;
        }
      }
      applied++;
    }
    return CommandResult.ok(applied);
  }

  CommandResult cancel(CancelJob c, long logIndex) {
    JobRecord j = byId.get(c.jobId());
    if (j == null) {
      return notFound(c.jobId());
    }
    if (j.state().terminal()) {
      return CommandResult.rejected(CommandResult.CONFLICT, "job '" + c.jobId() + "' already " + j.state().wireName()
          + "; nothing to cancel" + (j.state() == JobState.SUCCEEDED ? "" : " (retry it with POST /api/v1/jobs/" + c.jobId() + "/retry)"));
    }
    String reason = c.reason() == null ? "canceled by " + c.meta().actor() : c.reason();
    JobRecord.Builder b = j.with().state(JobState.CANCELED).reason(reason).finishedMs(c.meta().atMs()).node(null).notBeforeMs(0);
    if (j.state().active()) {
      b.fence(new JobRecord.Fence(j.node(), j.epoch(), logIndex))
          .attempt(new JobAttempt(j.epoch(), j.node(), j.state() == JobState.RUNNING, "canceled", reason, j.startedMs(), c.meta().atMs()));
    }
    JobRecord done = b.build();
    replace(j, done);
    event(done, "canceled", j.node(), reason, c.meta().atMs());
    failDependents(done, c.meta().atMs());
    return CommandResult.ok();
  }

  CommandResult retry(RetryJob c) {
    JobRecord j = byId.get(c.jobId());
    if (j == null) {
      return notFound(c.jobId());
    }
    if (j.state() != JobState.FAILED && j.state() != JobState.CANCELED) {
      return CommandResult.rejected(CommandResult.CONFLICT, "job '" + c.jobId() + "' is " + j.state().wireName()
          + "; only failed or canceled jobs can be retried");
    }
    JobRecord again = j.with().state(JobState.QUEUED).attempts(0).seq(nextSeq++).notBeforeMs(0).finishedMs(0)
        .reason("retried by " + c.meta().actor()).build();
    replace(j, again);
    event(again, "retried", null, again.reason(), c.meta().atMs());
    return CommandResult.ok();
  }

  CommandResult requeue(RequeueJobs c, long logIndex) {
    int done = 0;
    for (RequeueJobs.Item item : c.items()) {
      JobRecord j = byId.get(item.jobId());
      if (j != null && j.state().active() && j.epoch() == item.epoch() && item.node().equals(j.node())) {
        lost(j, item.reason(), c.meta().atMs(), false, logIndex);
        done++;
      }
    }
    return CommandResult.ok(done);
  }

  CommandResult purge(PurgeJobs c) {
    int done = 0;
    for (String id : c.jobIds()) {
      JobRecord j = byId.get(id);
      if (j != null && j.state().terminal() && j.fence() == null) {
        unindex(j);
        done++;
      }
    }
    return CommandResult.ok(done);
  }

  CommandResult putScenario(PutScenario c) {
    scenarios.put(c.scenario().name(), c.scenario());
    return CommandResult.ok();
  }

  CommandResult deleteScenario(DeleteScenario c) {
    return scenarios.remove(c.name()) == null
        ? CommandResult.rejected(CommandResult.NOT_FOUND, "scenario '" + c.name() + "' does not exist")
        : CommandResult.ok();
  }

  /**
   * A planned stop to make room for a live stream: the attempt goes back to the queue without
   * counting, fenced until its node confirms the stop.
   */
  boolean preempt(String jobId, long epoch, String reason, long atMs, long logIndex) {
    JobRecord j = byId.get(jobId);
    if (j == null || !j.state().active() || j.epoch() != epoch) {
      return false;
    }
    JobRecord back = j.with().state(JobState.QUEUED).node(null).preemptions(j.preemptions() + 1)
        .attempts(j.state() == JobState.RUNNING ? j.attempts() - 1 : j.attempts())
        .fence(new JobRecord.Fence(j.node(), j.epoch(), logIndex)).reason("preempted: " + reason)
        .attempt(new JobAttempt(j.epoch(), j.node(), false, "preempted", reason, j.startedMs(), atMs)).build();
    replace(j, back);
    event(back, "preempted", j.node(), reason, atMs);
    return true;
  }

  /**
   * Node {@code nodeId} was declared down: its attempts are lost and counted; an agent's are
   * fenced (it may be alive behind a partition until its lease runs out), an HTTP worker's are
   * not (nothing can stop it; a late result is refused).
   */
  void nodeDown(String nodeId, boolean fenceable, String reason, long atMs, long logIndex) {
    for (JobRecord j : active(nodeId)) {
      lost(j, "node " + nodeId + " went down (" + reason + ")", atMs, fenceable, logIndex);
    }
  }

  /** A new agent process registered on {@code nodeId}: it killed what the old one ran. */
  void nodeRestarted(String nodeId, long atMs, long logIndex) {
    for (JobRecord j : active(nodeId)) {
      lost(j, "the agent on " + nodeId + " restarted", atMs, false, logIndex);
    }
    for (String id : List.copyOf(fenced)) {
      JobRecord j = byId.get(id);
      if (j.fence().node().equals(nodeId)) {
        replace(j, j.with().fence(null).build());
      }
    }
  }

  // ---- transitions ----

  private void exited(JobRecord j, JobResult result, long at) {
    int attempts = j.state() == JobState.RUNNING ? j.attempts() : j.attempts() + 1;
    String outcome = result.succeeded() ? "succeeded" : result.timedOut() ? "timed_out" : "failed";
    JobAttempt attempt = new JobAttempt(j.epoch(), j.node(), true, outcome, result.reason(), j.startedMs(), at);
    JobRecord.Builder b = j.with().attempts(attempts).node(null).result(result).attempt(attempt);
    if (result.succeeded()) {
      JobRecord done = b.state(JobState.SUCCEEDED).reason(null).finishedMs(at).build();
      replace(j, done);
      event(done, "succeeded", j.node(), JobAnalyzer.summary(done.spec(), result), at);
      releaseDependents(done);
      return;
    }
    String why = result.reason() == null ? "exit code " + result.exitCode() : result.reason();
    retryOrFail(j, b, attempts, why, at);
  }

  /** The attempt ended without a result (its node died, restarted, or lost its lease). */
  private void lost(JobRecord j, String why, long at, boolean fence, long logIndex) {
    boolean started = j.state() == JobState.RUNNING; // a started attempt was already counted when it was reported running
    JobRecord.Builder b = j.with().node(null)
        .attempt(new JobAttempt(j.epoch(), j.node(), started, "lost", why, j.startedMs(), at));
    if (fence) {
      b.fence(new JobRecord.Fence(j.node(), j.epoch(), logIndex));
    }
    if (!started) {
      JobRecord back = b.state(JobState.QUEUED).reason(why + "; queued again").build();
      replace(j, back);
      return;
    }
    retryOrFail(j, b, j.attempts(), why, at);
  }

  private void retryOrFail(JobRecord j, JobRecord.Builder b, int attempts, String why, long at) {
    if (attempts < j.spec().retry().maxAttempts()) {
      long delay = j.spec().retry().delayMs(j.id(), attempts);
      JobRecord back = b.state(JobState.QUEUED).notBeforeMs(at + delay)
          .reason("attempt " + attempts + " of " + j.spec().retry().maxAttempts() + " failed (" + why + "); retrying in "
              + delay + " ms").build();
      replace(j, back);
      event(back, "retrying", j.node(), back.reason(), at);
      return;
    }
    JobRecord done = b.state(JobState.FAILED).finishedMs(at)
        .reason(attempts == 1 ? why : "failed " + attempts + " attempt(s); the last: " + why).build();
    replace(j, done);
    event(done, "failed", j.node(), done.reason(), at);
    failDependents(done, at);
  }

  private void releaseDependents(JobRecord done) {
    // Waiting dependents stay in the queue; they become eligible now (see dependencyMet).
    dependents.remove(done.id());
  }

  private void failDependents(JobRecord done, long at) {
    Set<String> waiting = dependents.remove(done.id());
    if (waiting == null) {
      return;
    }
    for (String id : new TreeSet<>(waiting)) {
      JobRecord d = byId.get(id);
      if (d != null && d.state() == JobState.QUEUED) {
        dependencyFailed(d, done, at);
      }
    }
  }

  private void dependencyFailed(JobRecord j, JobRecord dep, long at) {
    JobRecord done = j.with().state(JobState.FAILED).finishedMs(at)
        .reason("its dependency " + dep.id() + " " + dep.state().wireName()).build();
    replace(j, done);
    event(done, "failed", null, done.reason(), at);
    failDependents(done, at);
  }

  private boolean dependencyMet(JobRecord j) {
    if (j.spec().dependsOn() == null) {
      return true;
    }
    JobRecord dep = byId.get(j.spec().dependsOn());
    return dep == null || dep.state() == JobState.SUCCEEDED; // a purged dependency had succeeded or failed long ago
  }

  private void event(JobRecord j, String kind, String node, String reason, long at) {
    ObjectNode payload = Json.mapper().createObjectNode();
    payload.put("job", j.id());
    if (j.spec().scenario() != null) {
      payload.put("scenario", j.spec().scenario());
    }
    payload.put("state", j.state().wireName());
    payload.put("attempts", j.attempts());
    JobResult r = j.result();
    if (r != null && (kind.equals("succeeded") || kind.equals("failed") || kind.equals("retrying"))) {
      if (r.exitCode() != null) {
        payload.put("exit_code", r.exitCode());
      }
      payload.put("wall_ms", r.wallMs());
      if (r.speed() > 0) {
        payload.put("speed", r.speed());
      }
    }
    log.add(new EventRecord(0, EVENT_TYPE, at, null, j.epoch(), null, node, null, j.spec().zone(), kind, reason, null, payload));
  }

  // ---- indexes ----

  private void replace(JobRecord old, JobRecord now) {
    unindex(old);
    index(now);
  }

  private void index(JobRecord j) {
    byId.put(j.id(), j);
    counts.merge(j.state(), 1, Integer::sum);
    if (j.state() == JobState.QUEUED) {
      queue.add(new QueueKey(j.spec().priority(), j.seq(), j.id()));
      if (j.notBeforeMs() > 0) {
        backoffEnds.merge(j.notBeforeMs(), 1, Integer::sum);
      }
    }
    if (j.state().active()) {
      activeByNode.computeIfAbsent(j.node(), n -> new HashSet<>()).add(j.id());
      reserve(j, 1);
    }
    if (j.state().terminal()) {
      finished.put(new long[] {j.finishedMs(), j.seq()}, j.id());
    }
    if (j.fence() != null) {
      fenced.add(j.id());
    }
    if (j.spec().idempotencyKey() != null) {
      byIdempotencyKey.put(j.spec().idempotencyKey(), j.id());
    }
    if (j.spec().dependsOn() != null && j.state() == JobState.QUEUED) {
      JobRecord dep = byId.get(j.spec().dependsOn());
      if (dep == null || !dep.state().terminal()) {
        dependents.computeIfAbsent(j.spec().dependsOn(), d -> new HashSet<>()).add(j.id());
      }
    }
  }

  private void unindex(JobRecord j) {
    if (byId.remove(j.id()) != null) {
      counts.merge(j.state(), -1, Integer::sum);
    }
    if (queue.remove(new QueueKey(j.spec().priority(), j.seq(), j.id())) && j.notBeforeMs() > 0) {
      backoffEnds.computeIfPresent(j.notBeforeMs(), (t, n) -> n == 1 ? null : n - 1);
    }
    Set<String> onNode = j.node() == null ? null : activeByNode.get(j.node());
    if (onNode != null && onNode.remove(j.id())) {
      reserve(j, -1);
      if (onNode.isEmpty()) {
        activeByNode.remove(j.node());
      }
    }
    if (j.state().terminal()) {
      finished.remove(new long[] {j.finishedMs(), j.seq()});
    }
    fenced.remove(j.id());
    if (j.spec().idempotencyKey() != null) {
      byIdempotencyKey.remove(j.spec().idempotencyKey(), j.id());
    }
    if (j.spec().dependsOn() != null) {
      Set<String> waiting = dependents.get(j.spec().dependsOn());
      if (waiting != null) {
        waiting.remove(j.id());
        if (waiting.isEmpty()) {
          dependents.remove(j.spec().dependsOn());
        }
      }
    }
  }

  // ---- reads ----

  JobRecord get(String id) {
    return byId.get(id);
  }

  int size() {
    return byId.size();
  }

  /** Every job, in submission order (snapshots, listings). */
  List<JobRecord> all() {
    List<JobRecord> out = new ArrayList<>(byId.values());
    out.sort(Comparator.comparingLong(JobRecord::seq).thenComparing(JobRecord::id));
    return out;
  }

  /** The job an idempotency key stands for, or null. */
  String byIdempotencyKey(String key) {
    return byIdempotencyKey.get(key);
  }

  /** Queued jobs in dispatch order: priority, then FIFO. Includes jobs that must still wait (see {@link #dispatchable}). */
  Iterator<JobRecord> queued() {
    Iterator<QueueKey> keys = queue.iterator();
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return keys.hasNext();
      }

      @Override
      public JobRecord next() {
        return byId.get(keys.next().id());
      }
    };
  }

  /** How many jobs are in {@code state}. */
  int count(JobState state) {
    return counts.getOrDefault(state, 0);
  }

  /** The earliest end of a queued job's backoff after {@code nowMs}, or null when none waits. */
  Long nextBackoffEnd(long nowMs) {
    return backoffEnds.higherKey(nowMs);
  }

  int queuedCount() {
    return queue.size();
  }

  /** Whether queued job {@code j} may be dispatched at {@code nowMs}, fences aside: backoff over, dependency met. */
  boolean dispatchable(JobRecord j, long nowMs) {
    return j.state() == JobState.QUEUED && j.notBeforeMs() <= nowMs && dependencyMet(j);
  }

  /** The attempts dispatched to or running on {@code nodeId}. */
  List<JobRecord> active(String nodeId) {
    Set<String> ids = activeByNode.get(nodeId);
    if (ids == null) {
      return List.of();
    }
    List<JobRecord> out = new ArrayList<>();
    new TreeSet<>(ids).forEach(id -> out.add(byId.get(id)));
    return out;
  }

  Collection<String> nodesWithJobs() {
    return activeByNode.keySet();
  }

  /** Resources the active attempts on {@code nodeId} reserve. */
  Resources allocated(String nodeId) {
    int[] r = reservedByNode.get(nodeId);
    return r == null ? new Resources(0, 0, 0, null) : new Resources(r[0], r[1], r[2], null);
  }

  private void reserve(JobRecord j, int sign) {
    Resources r = j.spec().resources();
    int[] sum = reservedByNode.computeIfAbsent(j.node(), n -> new int[3]);
    sum[0] += sign * r.cpuMillis();
    sum[1] += sign * r.memoryMb();
    sum[2] += sign * r.gpu();
    if (sum[0] == 0 && sum[1] == 0 && sum[2] == 0) {
      reservedByNode.remove(j.node());
    }
  }

  /** Jobs whose previous attempt is not yet known dead. */
  List<JobRecord> fenced() {
    List<JobRecord> out = new ArrayList<>();
    new TreeSet<>(fenced).forEach(id -> out.add(byId.get(id)));
    return out;
  }

  /** Finished jobs, oldest finish first. */
  Collection<String> finishedOldestFirst() {
    return finished.values();
  }

  int finishedCount() {
    return finished.size();
  }

  Scenario scenario(String name) {
    return scenarios.get(name);
  }

  Collection<Scenario> scenarios() {
    return scenarios.values();
  }

  long nextSeq() {
    return nextSeq;
  }

  private static CommandResult notFound(String id) {
    return CommandResult.rejected(CommandResult.NOT_FOUND, "job '" + id + "' does not exist");
  }
}
