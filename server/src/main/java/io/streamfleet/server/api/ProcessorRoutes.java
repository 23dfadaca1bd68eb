package io.streamfleet.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.streamfleet.model.InvalidInputException;
import io.streamfleet.model.ProcessorRequest;
import io.streamfleet.model.ProcessorSpec;
import io.streamfleet.model.ProcessorSpecParser;
import io.streamfleet.model.Redaction;
import io.streamfleet.model.api.ProcessorWriteResult;
import io.streamfleet.model.api.RolloutView;
import io.streamfleet.model.rollout.Rollout;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.DeleteProcessor;
import io.streamfleet.model.command.PutProcessor;
import io.streamfleet.server.state.StateStore;
import java.time.Clock;
import java.util.List;

/** {@code /api/v1/processors}: list, show, create-or-new-version, delete. */
final class ProcessorRoutes {
  private final StateStore store;
  private final CommandGateway gateway;
  private final Clock clock;
  private final Views views;

  ProcessorRoutes(StateStore store, CommandGateway gateway, Clock clock, Views views) {
    this.store = store;
    this.gateway = gateway;
    this.clock = clock;
    this.views = views;
  }

  void register(RoutesConfig routes) {
    routes.get("/api/v1/processors", this::list, Access.VIEWER);
    routes.get("/api/v1/processors/{name}", this::show, Access.VIEWER);
    routes.put("/api/v1/processors/{name}", this::put, Access.ADMIN);
    routes.delete("/api/v1/processors/{name}", this::delete, Access.ADMIN);
  }

  private void list(Context ctx) {
    List<ProcessorSpec> all = store.read(s -> s.processors().stream().map(ProcessorRoutes::shown).toList());
    ctx.json(all);
  }

  private void show(Context ctx) {
    String name = ctx.pathParam("name");
    ProcessorSpec p = store.read(s -> s.processor(name));
    if (p == null) {
      throw ApiException.notFound("processor", name);
    }
    ctx.json(shown(p));
  }

  /** Env values with secret names (and passwords in URLs) masked: they reach only the node that runs the processor. */
  static ProcessorSpec shown(ProcessorSpec p) {
    return new ProcessorSpec(p.name(), p.version(), p.driver(), p.builtin(), p.command(), Redaction.values(p.env()), p.workingDir(),
        p.readiness(), p.resources(), p.description(), p.update());
  }

  private void put(Context ctx) {
    String name = ctx.pathParam("name");
    ProcessorSpec spec;
    try {
      spec = ProcessorSpecParser.parse(JsonBodies.read(ctx, ProcessorRequest.class), name);
    } catch (InvalidInputException e) {
      throw new ApiException(400, "invalid", e.getMessage(), e.errors());
    }
    ProcessorSpec stored = store.read(s -> s.processor(name));
    if (stored != null) { // masked env values sent back unchanged keep the stored secret
      spec = new ProcessorSpec(spec.name(), spec.version(), spec.driver(), spec.builtin(), spec.command(),
          Redaction.restoreValues(spec.env(), stored.env()), spec.workingDir(), spec.readiness(), spec.resources(), spec.description(),
          spec.update());
    }
    Long before = stored == null ? null : stored.version();
    CommandResult result = gateway.submit(new PutProcessor(RequestActor.meta(ctx, clock), spec));
    boolean changed = before == null || before != result.version();
    long now = clock.millis();
    RolloutView rollout = !changed ? null : store.read(s -> {
      Rollout r = s.activeRollout(name);
      return r == null || r.version() != result.version() ? null : views.rollout(s, r, now);
    });
    ctx.status(before == null ? 201 : 200).json(new ProcessorWriteResult(name, result.version(), changed, rollout));
  }

  private void delete(Context ctx) {
    gateway.submit(new DeleteProcessor(RequestActor.meta(ctx, clock), ctx.pathParam("name")));
    ctx.status(204);
  }
}
