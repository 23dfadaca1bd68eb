package io.streamfleet.server.leader;

import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.NodeRecord;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.Resources;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.DispatchJobs;
import io.streamfleet.model.command.NodeDown;
import io.streamfleet.model.command.PlaceStreams;
import io.streamfleet.model.command.PurgeJobs;
import io.streamfleet.model.command.ReportJobs;
import io.streamfleet.model.job.JobRecord;
import io.streamfleet.server.failover.Timers;
import io.streamfleet.server.placement.JobPlacement;
import io.streamfleet.server.placement.PlacementPlanner;
import io.streamfleet.server.state.ClusterState;
import io.streamfleet.server.state.StateStore;
import io.streamfleet.server.state.WritePort;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader-only: runs the job queue. After every state change (coalesced) it dispatches queued jobs
 * onto the agents' spare capacity ({@link JobPlacement}), after the room pending streams will take
 * (live streams come first). Every second it also lifts the fences of attempts whose node's lease
 * has run out (the exclusive rule: the attempt is dead by then), declares silent HTTP workers down
 * (their jobs go back to the queue), and forgets finished jobs beyond the retention. A retry's
 * backoff ends on that tick too, or earlier through a timer.
 */
final class JobController {
  private static final Logger log = LoggerFactory.getLogger(JobController.class);
  static final long TICK_MS = 1_000;
  /** Dispatches per command: a burst of submissions is spread over a few commits. */
  static final int MAX_DISPATCHES = 1_000;
  /** Queued jobs looked at per round: a queue of a million costs no more than this. */
  static final int MAX_SCAN = 10_000;
  static final int MAX_PURGE = 10_000;

  private final StateStore store;
  private final WritePort writes;
  private final PlacementPlanner planner;
  private final ExclusiveLeases leases;
  private final Measurements measurements;
  private final JobSettings settings;
  private final BooleanSupplier leader;
  private final Clock wallClock;
  private final Clock monotonic;
  private final Executor worker;
  private final Timers timers;
  private final AtomicBoolean pending = new AtomicBoolean();
  private volatile long backoffWakeMs = Long.MAX_VALUE;

  JobController(StateStore store, PlacementPlanner planner, ExclusiveLeases leases, Measurements measurements, JobSettings settings,
      LeaderPorts ports) {
    this.store = store;
    this.writes = ports.writes();
    this.planner = planner;
    this.leases = leases;
    this.measurements = measurements;
    this.settings = settings;
    this.leader = ports.isLeader();
    this.wallClock = ports.wallClock();
    this.monotonic = ports.monotonicClock();
    this.worker = ports.workers().apply("jobs");
    this.timers = ports.timers().apply("jobs");
  }

  void request() {
    if (pending.compareAndSet(false, true)) {
      worker.execute(this::dispatch);
    }
  }

  void becameLeader() {
    scheduleTick();
    request();
  }

  void lostLeadership() {
    timers.cancelAll();
  }

  private void scheduleTick() {
    timers.schedule("tick", monotonic.millis() + TICK_MS, () -> worker.execute(() -> {
      if (leader.getAsBoolean()) {
        tick();
        scheduleTick();
      }
    }));
  }

  private void dispatch() {
    pending.set(false);
    if (!leader.getAsBoolean()) {
      return;
    }
    long now = wallClock.millis();
    List<DispatchJobs.Dispatch> plan = store.read(s -> s.queuedJobCount() == 0 ? List.<DispatchJobs.Dispatch>of()
        : JobPlacement.plan(s, now, reservedForPendingStreams(s, now), MAX_DISPATCHES, MAX_SCAN));
    wakeForBackoff(now);
    if (plan.isEmpty()) {
      return;
    }
    try {
      writes.submit(new DispatchJobs(meta(now), plan));
    } catch (RuntimeException e) {
      log.warn("job dispatch of {} job(s) failed: {}", plan.size(), e.getMessage());
    }
  }

  /**
   * The room the next placement round gives to pending streams, by node: jobs must not take it.
   * (Running jobs in a stream's way are preempted by that round anyway; this keeps new jobs from
   * landing there in the meantime.)
   */
  private Map<String, Resources> reservedForPendingStreams(ClusterState s, long now) {
    if (s.countStreams(AssignmentState.PENDING) == 0) {
      return Map.of();
    }
    PlaceStreams plan = planner.placePending(s, id -> measurements.of(s, id), id -> false, meta(now));
    if (plan == null) {
      return Map.of();
    }
    Map<String, Resources> out = new HashMap<>();
    for (PlaceStreams.Placement p : plan.placements()) {
      Resources r = s.stream(p.streamId()).spec().resources();
      out.merge(p.node(), r, Resources::plus);
    }
    return out;
  }

  /** A wake-up when the earliest retry backoff ends (the tick would find it too, up to a second later). */
  private void wakeForBackoff(long now) {
    Long earliest = store.read(s -> s.nextJobBackoffEnd(now));
    if (earliest == null || (earliest >= backoffWakeMs && backoffWakeMs > now)) {
      return;
    }
    backoffWakeMs = earliest;
    timers.schedule("backoff", monotonic.millis() + (earliest - now), () -> {
      backoffWakeMs = Long.MAX_VALUE;
      request();
    });
  }

  private void tick() {
    long now = wallClock.millis();
    liftExpiredFences();
    downSilentHttpWorkers(now);
    purgeFinished(now);
    request();
  }

  /** Fenced attempts on nodes whose lease has surely run out are dead: say so for the node. */
  private void liftExpiredFences() {
    long mono = monotonic.millis();
    Map<String, List<ReportJobs.Item>> expired = store.read(s -> {
      Map<String, List<ReportJobs.Item>> out = new TreeMap<>();
      for (JobRecord j : s.fencedJobs()) {
        String node = j.fence().node();
        NodeRecord n = s.node(node);
        if (n == null || n.isHttpWorker() || mono >= leases.freeAtMs(node)) {
          out.computeIfAbsent(node, x -> new ArrayList<>()).add(new ReportJobs.Item(j.id(), j.fence().epoch(), ReportJobs.STOPPED,
              "the lease of node " + node + " ran out", null));
        }
      }
      return out;
    });
    expired.forEach((node, items) -> {
      try {
        writes.submit(new ReportJobs(meta(wallClock.millis()), node, items));
      } catch (RuntimeException e) {
        log.warn("could not lift the fences of {} job(s) on {}: {}", items.size(), node, e.getMessage());
      }
    });
  }

  private void downSilentHttpWorkers(long now) {
    List<NodeRecord> silent = store.read(s -> s.nodes().stream().filter(NodeRecord::isHttpWorker)
        .filter(n -> n.state() != NodeState.DOWN)
        .filter(n -> {
          Long seen = s.httpWorkerSeenMs(n.id());
          return seen == null || now - seen > settings.httpWorkerLeaseMs();
        }).toList());
    for (NodeRecord n : silent) {
      try {
        writes.submit(new NodeDown(meta(now), n.id(), n.incarnation(),
            "HTTP worker silent for more than " + settings.httpWorkerLeaseMs() / 1000 + " s (no heartbeat, poll or result)"));
        log.info("HTTP worker {} is silent: declared down, its jobs go back to the queue", n.id());
      } catch (RuntimeException e) {
        log.warn("could not declare HTTP worker {} down: {}", n.id(), e.getMessage());
      }
    }
  }

  private void purgeFinished(long now) {
    List<String> expired = store.read(s -> {
      List<String> out = new ArrayList<>();
      int excess = s.finishedJobCount() - settings.retainFinished();
      for (String id : s.finishedJobsOldestFirst()) {
        JobRecord j = s.job(id);
        boolean tooOld = now - j.finishedMs() > settings.retainFinishedMs();
        if ((out.size() >= excess && !tooOld) || out.size() >= MAX_PURGE) {
          break;
        }
        if (j.fence() == null) {
          out.add(id);
        }
      }
      return out;
    });
    if (!expired.isEmpty()) {
      try {
        writes.submit(new PurgeJobs(meta(now), expired));
      } catch (RuntimeException e) {
        log.warn("could not forget {} finished job(s): {}", expired.size(), e.getMessage());
      }
    }
  }

  private static CommandMeta meta(long now) {
    return new CommandMeta(now, "job-dispatcher", "leader");
  }
}
