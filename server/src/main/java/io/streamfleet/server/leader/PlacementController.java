package io.streamfleet.server.leader;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.PlaceStreams;
import io.streamfleet.scheduler.RebalancePlan;
import io.streamfleet.server.failover.Timers;
import io.streamfleet.server.placement.PlacementPlanner;
import io.streamfleet.server.placement.RebalancePolicy;
import io.streamfleet.server.state.ClusterState;
import io.streamfleet.server.state.StateStore;
import io.streamfleet.server.state.WritePort;
import io.streamfleet.server.tracing.StreamTraces;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader-only: after every state change, asks the scheduler to place pending streams and proposes
 * the plan as one command. Requests coalesce; the apply re-checks every placement, so a plan made
 * on a slightly old state is safe. Exclusive streams wait until their previous instance is known
 * dead ({@link ExclusiveLeases}); a round is scheduled for when the first lease runs out, and a
 * confirmation's commit starts one by itself. Every {@code rebalanceEvery} it also checks the
 * balance and, above the threshold, makes a bounded rebalancing round.
 */
final class PlacementController {
  private static final Logger log = LoggerFactory.getLogger(PlacementController.class);
  private static final String WAKE = "placement/lease-wake";
  private static final String REBALANCE = "placement/rebalance";
  private static final String JOINED = "placement/node-joined";
  /** After a node joins, how often and how many times a rebalance is tried until placement has settled. */
  static final long JOIN_RETRY_MS = 500;
  static final int JOIN_TRIES = 40;

  private final StateStore store;
  private final WritePort writes;
  private final PlacementPlanner planner;
  private final ExclusiveLeases leases;
  private final Measurements measurements;
  private final BooleanSupplier leader;
  private final Clock clock;
  private final Clock monotonic;
  private final RebalancePolicy rebalancePolicy;
  private final Executor worker;
  private final Timers timers;
  private final StreamTraces traces;
  private final AtomicBoolean pending = new AtomicBoolean();
  private final AtomicLong wakeAtMs = new AtomicLong();

  PlacementController(StateStore store, PlacementPlanner planner, ExclusiveLeases leases, Measurements measurements,
      RebalancePolicy rebalancePolicy, LeaderPorts ports) {
    this.store = store;
    this.writes = ports.writes();
    this.planner = planner;
    this.leases = leases;
    this.measurements = measurements;
    this.leader = ports.isLeader();
    this.clock = ports.wallClock();
    this.monotonic = ports.monotonicClock();
    this.rebalancePolicy = rebalancePolicy;
    this.worker = ports.workers().apply("placement");
    this.timers = ports.timers().apply("placement");
    this.traces = ports.traces();
    scheduleAutoRebalance();
  }

  void request() {
    if (pending.compareAndSet(false, true)) {
      worker.execute(this::round);
    }
  }

  private void round() {
    pending.set(false);
    if (!leader.getAsBoolean()) {
      return;
    }
    long now = monotonic.millis(); // leases are measured on the monotonic clock
    long[] nextFree = {Long.MAX_VALUE};
    PlaceStreams plan = store.read(s -> planner.placePending(s, id -> measurements.of(s, id),
        id -> waitsForLease(s, id, now, nextFree), meta(clock.millis(), "scheduler")));
    if (nextFree[0] != Long.MAX_VALUE) {
      wakeAt(nextFree[0], now);
    }
    if (plan == null) {
      return;
    }
    List<Span> spans = plan.placements().stream().map(p -> traces.placing(p.streamId(), p.fromEpoch() + 1, p.node())).toList();
    try {
      CommandResult r = writes.submit(plan);
      if (!plan.placements().isEmpty() || !plan.evictions().isEmpty()) {
        log.info("placed {} stream(s), evicted {} ({})", r.version(), plan.evictions().size(), r.code());
      }
    } catch (RuntimeException e) {
      log.warn("placement round failed: {}", e.getMessage());
      spans.forEach(s -> s.setStatus(StatusCode.ERROR, e.getMessage()));
    } finally {
      spans.forEach(Span::end);
    }
  }

  private boolean waitsForLease(ClusterState s, String streamId, long now, long[] nextFree) {
    if (!leases.waiting(s, streamId, now)) {
      return false;
    }
    // The lease's end, unless it is renewed meanwhile (then the next wake-up looks again) or the
    // node confirms first (that commit starts a round by itself).
    nextFree[0] = Math.min(nextFree[0], leases.freeAtMs(s.fence(streamId).node()));
    return true;
  }

  /** One wake-up for the earliest lease to run out; rounds in between do not pile up more. */
  private void wakeAt(long atMs, long now) {
    long current = wakeAtMs.get();
    if (current > now && current <= atMs) {
      return; // an earlier or equal wake-up is already scheduled
    }
    wakeAtMs.set(atMs);
    timers.schedule(WAKE, Math.max(now + 1, atMs), () -> {
      wakeAtMs.compareAndSet(atMs, 0);
      request();
    });
  }

  /**
   * One rebalancing round of at most {@code maxMoves} moves; proposes them unless {@code dryRun}.
   * Runs on the placement worker so it never races a placement round; waits for it.
   */
  RebalancePlan rebalance(int maxMoves, boolean dryRun, String actor) {
    try {
      return CompletableFuture.supplyAsync(() -> {
        PlacementPlanner.Rebalance r = store.read(s -> planner.rebalance(s, id -> measurements.of(s, id), maxMoves,
            meta(clock.millis(), actor)));
        if (!dryRun && r.command() != null) {
          writes.submit(r.command());
          log.info("rebalance ({}): {} move(s), imbalance {} -> {}", actor, r.command().moves().size(),
              String.format("%.3f", r.plan().imbalanceBefore()), String.format("%.3f", r.plan().imbalanceAfter()));
        }
        return r.plan();
      }, worker).get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while rebalancing", e);
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException re ? re : new IllegalStateException(e.getCause());
    }
  }

  private void scheduleAutoRebalance() {
    if (rebalancePolicy.maxMoves() > 0) {
      timers.schedule(REBALANCE, monotonic.millis() + rebalancePolicy.everyMs(), () -> worker.execute(() -> {
        autoRebalance();
        scheduleAutoRebalance();
      }));
    }
  }

  /**
   * A node (re)registered: a bounded rebalance runs as soon as placement has settled (the new node
   * gets its share at once, not on the next timer), if the imbalance is above the threshold.
   */
  void nodeJoined() {
    if (rebalancePolicy.maxMoves() > 0) {
      tryAfterJoin(JOIN_TRIES);
    }
  }

  private void tryAfterJoin(int triesLeft) {
    timers.schedule(JOINED, monotonic.millis() + JOIN_RETRY_MS, () -> worker.execute(() -> {
      if (!autoRebalance() && triesLeft > 1) {
        tryAfterJoin(triesLeft - 1);
      }
    }));
  }

  /** One automatic round; false when placement or a move was still in progress (nothing was judged). */
  private boolean autoRebalance() {
    if (!leader.getAsBoolean()) {
      return true;
    }
    boolean settled = store.read(s -> s.assignments().stream().noneMatch(a -> a.state() == AssignmentState.PENDING
        || a.state() == AssignmentState.STARTING || a.handover() != null));
    if (!settled) {
      return false; // let failover, placement and moves in flight finish first
    }
    try {
      PlacementPlanner.Rebalance r = store.read(s -> planner.rebalance(s, id -> measurements.of(s, id), rebalancePolicy.maxMoves(),
          meta(clock.millis(), "rebalancer")));
      if (r.plan().imbalanceBefore() > rebalancePolicy.threshold() && r.command() != null) {
        writes.submit(r.command());
        log.info("automatic rebalance: imbalance {} above {}: {} move(s)", String.format("%.3f", r.plan().imbalanceBefore()),
            rebalancePolicy.threshold(), r.command().moves().size());
      }
    } catch (RuntimeException e) {
      log.warn("automatic rebalance failed: {}", e.getMessage());
    }
    return true;
  }

  private CommandMeta meta(long now, String actor) {
    return new CommandMeta(now, actor, "leader");
  }
}
