package io.streamfleet.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.streamfleet.model.api.RolloutView;
import io.streamfleet.model.command.SetRollout;
import io.streamfleet.model.rollout.Rollout;
import io.streamfleet.model.rollout.RolloutAction;
import io.streamfleet.server.state.ClusterState;
import io.streamfleet.server.state.StateStore;
import java.time.Clock;
import java.util.Comparator;
import java.util.List;

/**
 * {@code /api/v1/rollouts}: processor rollouts (a new processor version reaching the streams that
 * use it) and an operator's say in them: pause, resume, promote past the canary, revert. The
 * leader paces the rollout itself; these routes only read it and submit {@link SetRollout}.
 */
final class RolloutRoutes {
  /** Newest first: the latest start, then the higher version (a revert starts at the same time as what it reverts ends). */
  private static final Comparator<Rollout> NEWEST_FIRST = Comparator.comparingLong(Rollout::startedMs)
      .thenComparingLong(Rollout::version).reversed().thenComparing(Rollout::processor);

  private final StateStore store;
  private final CommandGateway gateway;
  private final Clock clock;
  private final Views views;

  RolloutRoutes(StateStore store, CommandGateway gateway, Clock clock, Views views) {
    this.store = store;
    this.gateway = gateway;
    this.clock = clock;
    this.views = views;
  }

  void register(RoutesConfig routes) {
    routes.get("/api/v1/rollouts", this::list, Access.VIEWER);
    routes.get("/api/v1/rollouts/{processor}", this::show, Access.VIEWER);
    for (RolloutAction action : List.of(RolloutAction.PAUSE, RolloutAction.RESUME, RolloutAction.PROMOTE, RolloutAction.REVERT)) {
      routes.post("/api/v1/rollouts/{processor}/" + action.wireName(), ctx -> act(ctx, action), Access.OPERATOR);
    }
  }

  /** Every rollout kept (the active ones and the last finished ones of each processor), newest first; {@code ?processor=} narrows it. */
  private void list(Context ctx) {
    String processor = ctx.queryParam("processor");
    long now = clock.millis();
    List<RolloutView> all = store.read(s -> s.rollouts().stream()
        .filter(r -> processor == null || r.processor().equals(processor))
        .sorted(NEWEST_FIRST)
        .map(r -> views.rollout(s, r, now))
        .toList());
    ctx.json(all);
  }

  private void show(Context ctx) {
    ctx.json(latest(ctx.pathParam("processor")));
  }

  /**
   * Applies {@code action} to the processor's latest rollout; the state answers 409 when it does
   * not apply there (pausing a finished rollout, promoting one without a canary). The answer is the
   * processor's latest rollout afterwards: after a revert, the rollout back to the old spec.
   */
  private void act(Context ctx, RolloutAction action) {
    String processor = ctx.pathParam("processor");
    RolloutView target = latest(processor);
    var meta = RequestActor.meta(ctx, clock);
    gateway.submit(new SetRollout(meta, processor, target.version(), action, pastTense(action) + " by " + meta.actor()));
    ctx.json(latest(processor));
  }

  private RolloutView latest(String processor) {
    long now = clock.millis();
    RolloutView v = store.read(s -> {
      Rollout r = latestOf(s, processor);
      return r == null ? null : views.rollout(s, r, now);
    });
    if (v != null) {
      return v;
    }
    boolean exists = store.read(s -> s.processor(processor) != null);
    if (!exists) {
      throw ApiException.notFound("processor", processor);
    }
    throw new ApiException(404, "not_found", "processor '" + processor + "' has no rollout; one starts when PUT /api/v1/processors/"
        + processor + " stores a new version while streams use it");
  }

  /** The processor's latest rollout (versions only grow), or null. */
  private static Rollout latestOf(ClusterState s, String processor) {
    return s.rollouts().stream().filter(r -> r.processor().equals(processor))
        .max(Comparator.comparingLong(Rollout::version)).orElse(null);
  }

  private static String pastTense(RolloutAction action) {
    return switch (action) {
      case PAUSE -> "paused";
      case RESUME -> "resumed";
      case PROMOTE -> "promoted";
      case REVERT -> "reverted";
      default -> action.wireName();
    };
  }
}
