package io.streamfleet.server.placement;

import io.streamfleet.model.Assignment;
import io.streamfleet.model.Drain;
import io.streamfleet.model.Handover;
import io.streamfleet.model.NodeRecord;
import io.streamfleet.model.ProcessorSpec;
import io.streamfleet.model.Resources;
import io.streamfleet.model.command.AbortHandovers;
import io.streamfleet.model.command.Command;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.DrainNode;
import io.streamfleet.model.command.MoveStreams;
import io.streamfleet.model.command.SetRollout;
import io.streamfleet.model.rollout.Rollout;
import io.streamfleet.model.rollout.RolloutAction;
import io.streamfleet.model.rollout.RolloutStatus;
import io.streamfleet.server.state.ClusterState;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The next steps of every planned change, as commands: moves whose new instance missed its
 * deadline are given up, draining nodes send their next streams away, rollouts move their next
 * streams to the new version. Pure (a function of the state and {@code now}), so it is unit-tested
 * with a manual clock and the leader's {@code MigrationController} only runs it and proposes the
 * result. The state re-checks every item on apply.
 */
public final class MovePlanner {
  /** How long a move given up for missing its deadline waits before the stream is moved again. */
  public static final long RETRY_AFTER_MS = 30_000;

  private final PlacementPlanner placement;

  public MovePlanner(PlacementPlanner placement) {
    this.placement = placement;
  }

  /** Every command due at {@code nowMs}, in order: give-ups first (they free room), then drains, then rollouts. */
  public List<Command> step(ClusterState state, Function<String, Resources> measured, CommandMeta meta) {
    long now = meta.atMs();
    List<Command> out = new ArrayList<>();
    List<AbortHandovers.Abort> aborts = new ArrayList<>();
    for (Assignment a : state.assignments()) {
      Handover h = a.handover();
      if (h != null && h.deadlineMs() <= now) {
        aborts.add(new AbortHandovers.Abort(a.streamId(), h.epoch(), "the new instance on " + h.toNode() + " was not ready within "
            + (h.deadlineMs() - h.startedMs()) / 1000 + " s", now + RETRY_AFTER_MS));
      }
    }
    if (!aborts.isEmpty()) {
      out.add(new AbortHandovers(meta, aborts));
    }
    for (NodeRecord n : state.nodes()) {
      if (n.drain() != null && !n.drain().done()) {
        drainStep(state, n, measured, meta, out);
      }
    }
    for (Rollout r : state.rollouts()) {
      if (r.status() == RolloutStatus.RUNNING) {
        rolloutStep(state, r, measured, meta, out);
      }
    }
    return out;
  }

  private void drainStep(ClusterState state, NodeRecord node, Function<String, Resources> measured, CommandMeta meta,
      List<Command> out) {
    Drain drain = node.drain();
    long now = meta.atMs();
    if (!state.holdsAnything(node.id())) {
      out.add(new DrainNode(meta, node.id(), drain.maxParallel(), drain.deadlineMs(), null)); // settles it: drained
      return;
    }
    List<Assignment> here = state.assignments().stream().filter(a -> node.id().equals(a.node())).toList();
    long inFlight = here.stream().filter(a -> a.handover() != null).count();
    // Targets for every stream that may move now, then the first few that have one: a stream with
    // nowhere to go (its zones have no other node) must not hold a turn that a movable one could use.
    List<String> candidates = here.stream().filter(a -> a.movableAt(now)).map(Assignment::streamId).sorted().toList();
    PlacementPlanner.Targets targets = candidates.isEmpty() ? new PlacementPlanner.Targets(java.util.Map.of(), java.util.Map.of())
        : placement.targets(state, measured, candidates, now);
    List<MoveStreams.Move> moves = new ArrayList<>();
    candidates.stream().filter(targets.nodes()::containsKey).limit(Math.max(0, drain.maxParallel() - inFlight))
        .forEach(stream -> moves.add(new MoveStreams.Move(stream, state.assignment(stream).epoch(), targets.nodes().get(stream), 0,
            Handover.DRAIN, now + PlacementPlanner.MOVE_READY_DEADLINE_MS)));
    if (!moves.isEmpty()) {
      out.add(new MoveStreams(meta, moves));
    }
    if (now >= drain.deadlineMs() && drain.stuck() == null) {
      out.add(new DrainNode(meta, node.id(), drain.maxParallel(), drain.deadlineMs(), stuck(state, node.id(), here, targets)));
    }
  }

  /** What still holds a drained node past its deadline: each stream with why it has not left. */
  private static String stuck(ClusterState state, String nodeId, List<Assignment> here, PlacementPlanner.Targets targets) {
    List<String> parts = new ArrayList<>();
    for (Assignment a : here.stream().sorted(Comparator.comparing(Assignment::streamId)).limit(10).toList()) {
      String why = targets.unplaceable().get(a.streamId());
      if (why == null && a.lastFailure() != null) {
        why = "its last move failed: " + a.lastFailure().reason();
      }
      if (why == null && a.handover() != null) {
        why = "its new instance on " + a.handover().toNode() + " is not ready yet";
      }
      parts.add(a.streamId() + " (" + (why == null ? "waiting for its turn" : why) + ")");
    }
    if (here.size() > 10) {
      parts.add("and " + (here.size() - 10) + " more");
    }
    if (here.isEmpty()) {
      parts.add("job attempts still running there");
    }
    return "not drained by the deadline; still on " + nodeId + ": " + String.join("; ", parts);
  }

  private void rolloutStep(ClusterState state, Rollout r, Function<String, Resources> measured, CommandMeta meta, List<Command> out) {
    ProcessorSpec target = state.processor(r.processor());
    if (target == null || target.version() != r.version()) {
      return;
    }
    long now = meta.atMs();
    int inFlight = 0;
    List<Assignment> outdated = new ArrayList<>();
    for (Assignment a : state.assignments()) {
      if (a.node() == null || !state.stream(a.streamId()).spec().processor().equals(r.processor())) {
        continue;
      }
      Long updatedAt = r.updatedMs().get(a.streamId());
      if (a.handover() != null && Handover.ROLLOUT.equals(a.handover().purpose())) {
        inFlight++;
      } else if (a.version() == r.version() && updatedAt != null && updatedAt + r.policy().minHealthyTimeMs() > now) {
        inFlight++; // updated, not yet healthy
      } else if (!state.processorAt(r.processor(), a.version()).sameProcessingAs(target)) {
        outdated.add(a);
      }
    }
    if (outdated.isEmpty() && inFlight == 0) {
      out.add(new SetRollout(meta, r.processor(), r.version(), RolloutAction.SUCCEED,
          "every stream runs version " + r.version() + " (" + r.updatedMs().size() + " updated)"));
      return;
    }
    int budget = r.policy().maxParallel() - inFlight;
    if (r.inCanary()) {
      int started = r.updatedMs().size() + (int) state.assignments().stream()
          .filter(a -> a.handover() != null && Handover.ROLLOUT.equals(a.handover().purpose())
              && state.stream(a.streamId()).spec().processor().equals(r.processor())).count();
      if (r.updatedMs().size() >= r.policy().canary() && inFlight == 0) {
        out.add(new SetRollout(meta, r.processor(), r.version(), RolloutAction.AWAIT_PROMOTION,
            "canary: " + r.updatedMs().size() + " stream(s) healthy on version " + r.version() + "; promote to go on, or revert"));
        return;
      }
      budget = Math.min(budget, r.policy().canary() - started);
    }
    List<Assignment> next = outdated.stream().filter(a -> a.movableAt(now)).sorted(Comparator.comparing(Assignment::streamId))
        .limit(Math.max(0, budget)).toList();
    List<MoveStreams.Move> moves = new ArrayList<>();
    List<String> elsewhere = new ArrayList<>();
    for (Assignment a : next) {
      NodeRecord node = state.node(a.node());
      if (node != null && node.drain() == null && state.fits(state.stream(a.streamId()).spec().resources(), node)) {
        moves.add(new MoveStreams.Move(a.streamId(), a.epoch(), a.node(), r.version(), Handover.ROLLOUT, now + r.policy().readyDeadlineMs()));
      } else {
        elsewhere.add(a.streamId()); // no room beside it for the new instance (or its node is draining)
      }
    }
    if (!elsewhere.isEmpty()) {
      Map<String, String> targets = placement.targets(state, measured, elsewhere, now).nodes();
      for (String stream : elsewhere) {
        // Nowhere has room for a second instance either: in place after all, which the state turns into a restart.
        Assignment a = state.assignment(stream);
        moves.add(new MoveStreams.Move(stream, a.epoch(), targets.getOrDefault(stream, a.node()), r.version(), Handover.ROLLOUT,
            now + r.policy().readyDeadlineMs()));
      }
    }
    if (!moves.isEmpty()) {
      out.add(new MoveStreams(meta, moves));
    }
  }
}
