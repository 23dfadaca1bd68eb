package io.streamfleet.server.placement;

import io.streamfleet.model.Assignment;
import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.model.Resources;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.NodeDown;
import io.streamfleet.model.command.PlaceStreams;
import io.streamfleet.model.command.MoveStreams;
import io.streamfleet.model.Handover;
import io.streamfleet.model.job.JobIds;
import io.streamfleet.scheduler.ClusterSnapshot;
import io.streamfleet.scheduler.Move;
import io.streamfleet.scheduler.Plan;
import io.streamfleet.scheduler.RebalancePlan;
import io.streamfleet.scheduler.Scheduler;
import io.streamfleet.server.state.ClusterState;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns scheduler plans into commands: the glue between the pure scheduler and the replicated
 * state. Itself pure (a function of the state it is given), so the leader's controllers and the
 * failover simulation share it.
 */
public final class PlacementPlanner {
  private final Scheduler scheduler;

  public PlacementPlanner(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  public Scheduler scheduler() {
    return scheduler;
  }

  /**
   * Places the pending streams; null when there is nothing to do (no placement, eviction or
   * changed pending reason).
   */
  public PlaceStreams placePending(ClusterState state, Function<String, Resources> measured, Predicate<String> waiting,
      CommandMeta meta) {
    boolean anyPending = state.assignments().stream().anyMatch(a -> a.state() == AssignmentState.PENDING);
    if (!anyPending) {
      return null;
    }
    Plan plan = scheduler.plan(SnapshotBuilder.build(state, measured, waiting, null, true), meta.atMs());
    List<PlaceStreams.Placement> placements = new ArrayList<>();
    for (Plan.Placement p : plan.placements()) {
      Assignment a = state.assignment(p.streamId());
      placements.add(new PlaceStreams.Placement(p.streamId(), a.epoch(), p.node()));
    }
    List<PlaceStreams.Eviction> evictions = new ArrayList<>();
    for (Plan.Eviction e : plan.evictions()) {
      evictions.add(eviction(state, e));
    }
    Map<String, String> reasons = new TreeMap<>();
    plan.unplaceable().forEach((id, reason) -> {
      Assignment a = state.assignment(id);
      if (a != null && !reason.equals(a.reason())) {
        reasons.put(id, reason);
      }
    });
    if (placements.isEmpty() && evictions.isEmpty() && reasons.isEmpty()) {
      return null;
    }
    return new PlaceStreams(meta, placements, reasons, evictions, List.of());
  }

  /**
   * Declares {@code nodeId} down and, in the same command, re-places its streams (all but the
   * exclusive ones, which wait for the node's lease) on the other nodes.
   */
  public NodeDown nodeDown(ClusterState state, String nodeId, long incarnation, String reason, Function<String, Resources> measured,
      CommandMeta meta) {
    ClusterSnapshot snapshot = SnapshotBuilder.build(state, measured, id -> true, nodeId, true);
    List<NodeDown.Placement> placements = new ArrayList<>();
    // Only the lost node's streams are in the snapshot as unplaced (pending ones wait for the next
    // round), so the plan moves exactly those. Its job attempts are left out: the queue retries them.
    ClusterSnapshot lostOnly = new ClusterSnapshot(snapshot.nodes(), snapshot.streams().stream()
        .filter(s -> !nodeId.equals(s.node()) || state.stream(s.id()).spec().handover() == HandoverPolicy.OVERLAP)
        .map(s -> nodeId.equals(s.node()) ? s.onNode(null) : s)
        .toList());
    Plan plan = scheduler.plan(lostOnly, meta.atMs());
    plan.placements().forEach(p -> placements.add(new NodeDown.Placement(p.streamId(), p.node())));
    // Job attempts in the way are preempted in the same command: the lost streams never wait for a batch job.
    List<PlaceStreams.Eviction> jobEvictions = plan.evictions().stream().filter(e -> JobIds.isJob(e.streamId()))
        .map(e -> eviction(state, e)).toList();
    return new NodeDown(meta, nodeId, incarnation, reason, placements, jobEvictions);
  }

  private static PlaceStreams.Eviction eviction(ClusterState state, Plan.Eviction e) {
    String jobId = JobIds.jobOf(e.streamId());
    long epoch = jobId == null ? state.assignment(e.streamId()).epoch() : state.job(jobId).epoch();
    String reason = jobId == null ? e.reason() : "stream " + e.forStream() + " needs the room on " + e.node();
    return new PlaceStreams.Eviction(e.streamId(), epoch, reason);
  }

  /** How long a planned move's new instance may take to become ready before the move is given up. */
  public static final long MOVE_READY_DEADLINE_MS = 60_000;

  /**
   * A bounded rebalancing round; the command is null when there is no move worth making. Each
   * move is make-before-break (see {@link MoveStreams}); streams with a move in flight stay put.
   */
  public Rebalance rebalance(ClusterState state, Function<String, Resources> measured, int maxMoves, CommandMeta meta) {
    ClusterSnapshot snapshot = SnapshotBuilder.build(state, measured, id -> true, null);
    // Exclusive streams count towards their node's load but are never moved by a rebalance: they
    // cannot move without a gap.
    RebalancePlan plan = scheduler.rebalance(snapshot, maxMoves,
        id -> state.stream(id).spec().handover() == HandoverPolicy.OVERLAP && state.assignment(id).movableAt(meta.atMs()));
    List<MoveStreams.Move> moves = new ArrayList<>();
    for (Move m : plan.moves()) {
      moves.add(new MoveStreams.Move(m.streamId(), state.assignment(m.streamId()).epoch(), m.to(), 0, Handover.REBALANCE,
          meta.atMs() + MOVE_READY_DEADLINE_MS));
    }
    MoveStreams command = moves.isEmpty() ? null : new MoveStreams(meta, moves);
    return new Rebalance(plan, command);
  }

  /** A rebalance round: what the scheduler proposed, and the command that carries it out (or null). */
  public record Rebalance(RebalancePlan plan, MoveStreams command) {}

  /**
   * Where {@code streamIds} (on {@code nodeId}, which takes no new streams) should go: the
   * scheduler places just them, everything else as it is. Streams that fit nowhere are in {@code
   * unplaceable} with the reason.
   */
  public Targets targets(ClusterState state, Function<String, Resources> measured, java.util.Collection<String> streamIds, long nowMs) {
    java.util.Set<String> moving = new java.util.HashSet<>(streamIds);
    ClusterSnapshot snapshot = SnapshotBuilder.build(state, measured, id -> true, null, false);
    ClusterSnapshot only = new ClusterSnapshot(snapshot.nodes(), snapshot.streams().stream()
        .map(s -> moving.contains(s.id()) ? s.onNode(null) : s).toList());
    Plan plan = scheduler.plan(only, nowMs);
    Map<String, String> to = new TreeMap<>();
    plan.placements().forEach(p -> to.put(p.streamId(), p.node()));
    return new Targets(to, plan.unplaceable());
  }

  /** Chosen nodes by stream, and why the others fit nowhere. */
  public record Targets(Map<String, String> nodes, Map<String, String> unplaceable) {}
}
