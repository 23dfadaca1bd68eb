package io.streamfleet.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.streamfleet.model.InvalidInputException;
import io.streamfleet.model.api.RuleStatusView;
import io.streamfleet.model.api.RuleView;
import io.streamfleet.model.command.DeleteRule;
import io.streamfleet.model.command.PutRule;
import io.streamfleet.model.rule.RuleRequest;
import io.streamfleet.model.rule.RuleSpec;
import io.streamfleet.model.rule.RuleSpecParser;
import io.streamfleet.model.rule.RuleState;
import io.streamfleet.server.rules.RuleEvaluator;
import io.streamfleet.server.rules.RuleVerdict;
import io.streamfleet.server.state.StateStore;
import java.time.Clock;
import java.util.List;

/**
 * {@code /api/v1/rules}: zone consensus rules. Status and the dry run evaluate the rule against the
 * replicated event log now, exactly as the leader does, so any server answers the same.
 */
final class RuleRoutes {
  private final StateStore store;
  private final CommandGateway gateway;
  private final Clock clock;

  RuleRoutes(StateStore store, CommandGateway gateway, Clock clock) {
    this.store = store;
    this.gateway = gateway;
    this.clock = clock;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/rules", this::put, Access.OPERATOR);
    routes.get("/api/v1/rules", this::list, Access.VIEWER);
    routes.post("/api/v1/rules/test", this::test, Access.VIEWER);
    routes.get("/api/v1/rules/{id}", this::show, Access.VIEWER);
    routes.get("/api/v1/rules/{id}/status", this::status, Access.VIEWER);
    routes.delete("/api/v1/rules/{id}", this::delete, Access.OPERATOR);
  }

  private void put(Context ctx) {
    RuleSpec spec = parse(JsonBodies.read(ctx, RuleRequest.class));
    boolean existed = store.read(s -> s.rule(spec.id()) != null);
    gateway.submit(new PutRule(RequestActor.meta(ctx, clock), spec));
    ctx.status(existed ? 200 : 201).header("Location", "/api/v1/rules/" + spec.id()).json(view(spec.id()));
  }

  private void list(Context ctx) {
    long now = clock.millis();
    List<RuleView> all = store.read(s -> s.rules().stream().map(r -> view(r, RuleEvaluator.evaluate(r.spec(), s, now), now)).toList());
    ctx.json(all);
  }

  private void show(Context ctx) {
    ctx.json(view(ctx.pathParam("id")));
  }

  private void status(Context ctx) {
    ctx.json(view(ctx.pathParam("id")).status());
  }

  /** Dry run: what a rule (not necessarily stored) would decide against the events now. */
  private void test(Context ctx) {
    RuleSpec spec = parse(JsonBodies.read(ctx, RuleRequest.class));
    long now = clock.millis();
    RuleVerdict v = store.read(s -> RuleEvaluator.evaluate(spec, s, now));
    ctx.json(new RuleView(spec, status(RuleState.of(spec), v, now)));
  }

  private void delete(Context ctx) {
    gateway.submit(new DeleteRule(RequestActor.meta(ctx, clock), ctx.pathParam("id")));
    ctx.status(204);
  }

  private RuleView view(String id) {
    long now = clock.millis();
    RuleView v = store.read(s -> {
      RuleState r = s.rule(id);
      return r == null ? null : view(r, RuleEvaluator.evaluate(r.spec(), s, now), now);
    });
    if (v == null) {
      throw ApiException.notFound("rule", id);
    }
    return v;
  }

  private static RuleView view(RuleState r, RuleVerdict v, long now) {
    return new RuleView(r.spec(), status(r, v, now));
  }

  private static RuleStatusView status(RuleState r, RuleVerdict v, long now) {
    String state = r.activeFiringId() != null ? "firing" : v.state();
    long pending = v.firstVoteMs() > 0 && r.activeFiringId() == null ? Math.max(0, now - v.firstVoteMs()) : 0;
    return new RuleStatusView(state, v.votes().size(), v.cameras(), v.nodes(), v.zoneNodes(), v.liveNodes(), v.quorumNeeded(), v.quorum(),
        pending, r.firings(), r.activeFiringId(), r.activeFiringId() == null ? null : r.activeUntilMs(),
        r.lastFiredMs() == 0 ? null : r.lastFiredMs());
  }

  private static RuleSpec parse(RuleRequest request) {
    try {
      return RuleSpecParser.parse(request);
    } catch (InvalidInputException e) {
      throw new ApiException(400, "invalid", "the rule is invalid", e.errors());
    }
  }
}
