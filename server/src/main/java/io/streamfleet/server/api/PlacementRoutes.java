package io.streamfleet.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.streamfleet.model.Drain;
import io.streamfleet.model.FieldError;
import io.streamfleet.model.InvalidInputException;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.model.api.CapacityView;
import io.streamfleet.model.api.DrainRequest;
import io.streamfleet.model.api.RebalanceView;
import io.streamfleet.model.command.CordonNode;
import io.streamfleet.model.command.DrainNode;
import io.streamfleet.scheduler.CapacityPlanner;
import io.streamfleet.scheduler.CapacityReport;
import io.streamfleet.scheduler.ClusterSnapshot;
import io.streamfleet.scheduler.RebalancePlan;
import io.streamfleet.scheduler.Scheduler;
import io.streamfleet.scheduler.StreamSlot;
import io.streamfleet.server.leader.Measurements;
import io.streamfleet.server.placement.SnapshotBuilder;
import io.streamfleet.server.state.StateStore;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/** Capacity planning, on-demand rebalancing, and cordoning and draining nodes. */
final class PlacementRoutes {
  static final int DEFAULT_MAX_MOVES = 10;
  static final int MAX_MOVES_LIMIT = 1000;
  static final int MAX_WHAT_IF = 100_000;
  static final int MAX_DRAIN_PARALLEL = 1000;
  static final long MAX_DRAIN_DEADLINE_S = 86_400;

  private final StateStore store;
  private final Measurements measurements;
  private final Rebalancer rebalancer;
  private final CapacityPlanner capacity = new CapacityPlanner(new Scheduler());
  private final java.time.Clock clock;
  private final CommandGateway gateway;
  private final Views views;

  PlacementRoutes(StateStore store, Measurements measurements, Rebalancer rebalancer, java.time.Clock clock, CommandGateway gateway,
      Views views) {
    this.gateway = gateway;
    this.views = views;
    this.store = store;
    this.measurements = measurements;
    this.rebalancer = rebalancer;
    this.clock = clock;
  }

  void register(RoutesConfig routes) {
    routes.get("/api/v1/capacity", this::capacity, Access.VIEWER);
    routes.post("/api/v1/rebalance", this::rebalance, Access.OPERATOR);
    routes.post("/api/v1/nodes/{id}/cordon", ctx -> cordon(ctx, true), Access.OPERATOR);
    routes.post("/api/v1/nodes/{id}/uncordon", ctx -> cordon(ctx, false), Access.OPERATOR);
    routes.post("/api/v1/nodes/{id}/drain", this::drain, Access.OPERATOR);
    routes.delete("/api/v1/nodes/{id}", this::remove, Access.ADMIN);
  }

  /** A cordoned node keeps its streams and takes no new ones; the answer is the node. */
  private void cordon(Context ctx, boolean cordoned) {
    String id = ctx.pathParam("id");
    gateway.submit(new CordonNode(RequestActor.meta(ctx, clock), id, cordoned));
    ctx.json(store.read(s -> views.node(s, s.node(id))));
  }

  /**
   * Cordons the node and moves its streams away make-before-break (the leader paces it); the node
   * is {@code draining}, then {@code drained}. Draining a draining node again sets its pace and
   * deadline anew. Uncordon ends a drain. The answer is the node.
   */
  private void drain(Context ctx) {
    String id = ctx.pathParam("id");
    DrainRequest r = ctx.bodyAsBytes().length == 0 ? new DrainRequest(null, null) : JsonBodies.read(ctx, DrainRequest.class);
    List<FieldError> errors = new ArrayList<>();
    int maxParallel = r.maxParallel() == null ? Drain.DEFAULT_MAX_PARALLEL : r.maxParallel();
    if (maxParallel < 1 || maxParallel > MAX_DRAIN_PARALLEL) {
      errors.add(new FieldError("max_parallel", "is " + maxParallel + "; use 1 to " + MAX_DRAIN_PARALLEL
          + " streams moving at a time (default " + Drain.DEFAULT_MAX_PARALLEL + ")"));
    }
    long deadlineS = r.deadlineS() == null ? Drain.DEFAULT_DEADLINE_MS / 1000 : r.deadlineS();
    if (deadlineS < 1 || deadlineS > MAX_DRAIN_DEADLINE_S) {
      errors.add(new FieldError("deadline_s", "is " + deadlineS + "; use 1 to " + MAX_DRAIN_DEADLINE_S
          + " seconds (a day) for the drain to finish (default " + Drain.DEFAULT_DEADLINE_MS / 1000 + ")"));
    }
    if (!errors.isEmpty()) {
      throw new ApiException(400, "invalid", new InvalidInputException(errors).getMessage(), errors);
    }
    var meta = RequestActor.meta(ctx, clock);
    gateway.submit(new DrainNode(meta, id, maxParallel, meta.atMs() + deadlineS * 1000, null));
    var node = store.read(s -> s.node(id) == null ? null : views.node(s, s.node(id)));
    if (node == null) {
      throw ApiException.notFound("node", id); // removed since
    }
    ctx.json(node);
  }

  private void capacity(Context ctx) {
    String addParam = ctx.queryParam("add_streams");
    String like = ctx.queryParam("like");
    if ((addParam == null) != (like == null)) {
      throw new ApiException(400, "invalid", "add_streams and like go together, e.g. ?add_streams=10&like=cam-3");
    }
    int add = addParam == null ? 0 : intParam("add_streams", addParam, 1, MAX_WHAT_IF);
    ClusterSnapshot snapshot = store.read(s -> SnapshotBuilder.build(s, id -> measurements.of(s, id), id -> false, null));
    CapacityReport report = capacity.report(snapshot);
    CapacityView.WhatIf whatIf = null;
    if (add > 0) {
      StreamSpec template = store.read(s -> s.stream(like) == null ? null : s.stream(like).spec());
      if (template == null) {
        throw new ApiException(404, "not_found", "stream '" + like + "' does not exist; name an existing stream in like=");
      }
      StreamSlot slot = new StreamSlot(template.id(), template.resources(), template.zone(), template.overlapZones(),
          template.nodeSelector(), template.priority(), template.spreadGroup(), null);
      CapacityPlanner.WhatIf w = capacity.addStreams(snapshot, slot, add);
      whatIf = new CapacityView.WhatIf(like, w.requested(), w.placeable(), w.reasonFirstUnplaced(),
          w.after() == null ? null : w.after().survivesNodeLoss());
    }
    ctx.json(view(report, whatIf));
  }

  /** Removes a node without streams; its certificates authenticate nothing from then on. */
  private void remove(Context ctx) {
    gateway.submit(new io.streamfleet.model.command.RemoveNode(RequestActor.meta(ctx, clock), ctx.pathParam("id")));
    ctx.status(204);
  }

  private void rebalance(Context ctx) {
    boolean dryRun = "true".equals(ctx.queryParam("dry_run"));
    String movesParam = ctx.queryParam("max_moves");
    int maxMoves = movesParam == null ? DEFAULT_MAX_MOVES : intParam("max_moves", movesParam, 1, MAX_MOVES_LIMIT);
    RebalancePlan plan = rebalancer.rebalance(maxMoves, dryRun, RequestActor.meta(ctx, clock).actor());
    ctx.json(new RebalanceView(dryRun, maxMoves,
        plan.moves().stream().map(m -> new RebalanceView.MoveView(m.streamId(), m.from(), m.to())).toList(),
        plan.imbalanceBefore(), plan.imbalanceAfter()));
  }

  private static int intParam(String name, String value, int min, int max) {
    try {
      int v = Integer.parseInt(value);
      if (v >= min && v <= max) {
        return v;
      }
    } catch (NumberFormatException ignored) {
      // reported below
    }
    throw new ApiException(400, "invalid", "query parameter " + name + "=" + value + " must be a whole number from " + min + " to " + max);
  }

  private static CapacityView view(CapacityReport r, CapacityView.WhatIf whatIf) {
    TreeMap<String, CapacityView.Totals> zones = new TreeMap<>();
    r.zones().forEach((z, t) -> zones.put(z, totals(t)));
    return new CapacityView(totals(r.cluster()), zones, r.survivesNodeLoss(), new TreeMap<>(r.survivesZoneLoss()),
        r.unplaceable(), whatIf);
  }

  private static CapacityView.Totals totals(CapacityReport.Totals t) {
    return new CapacityView.Totals(t.nodes(), t.capacity(), t.allocated(), t.used(), t.headroom());
  }
}
