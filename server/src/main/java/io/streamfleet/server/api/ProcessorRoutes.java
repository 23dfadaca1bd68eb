package io.streamfleet.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.streamfleet.model.InvalidInputException;
import io.streamfleet.model.ProcessorRequest;
import io.streamfleet.model.ProcessorSpec;
import io.streamfleet.model.ProcessorSpecParser;
import io.streamfleet.model.api.ProcessorWriteResult;
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

  ProcessorRoutes(StateStore store, CommandGateway gateway, Clock clock) {
    this.store = store;
    this.gateway = gateway;
    this.clock = clock;
  }

  void register(RoutesConfig routes) {
    routes.get("/api/v1/processors", this::list);
    routes.get("/api/v1/processors/{name}", this::show);
    routes.put("/api/v1/processors/{name}", this::put);
    routes.delete("/api/v1/processors/{name}", this::delete);
  }

  private void list(Context ctx) {
    List<ProcessorSpec> all = store.read(s -> List.copyOf(s.processors()));
    ctx.json(all);
  }

  private void show(Context ctx) {
    String name = ctx.pathParam("name");
    ProcessorSpec p = store.read(s -> s.processor(name));
    if (p == null) {
      throw ApiException.notFound("processor", name);
    }
    ctx.json(p);
  }

  private void put(Context ctx) {
    String name = ctx.pathParam("name");
    ProcessorSpec spec;
    try {
      spec = ProcessorSpecParser.parse(JsonBodies.read(ctx, ProcessorRequest.class), name);
    } catch (InvalidInputException e) {
      throw new ApiException(400, "invalid", e.getMessage(), e.errors());
    }
    Long before = store.read(s -> s.processor(name) == null ? null : s.processor(name).version());
    CommandResult result = gateway.submit(new PutProcessor(RequestActor.meta(ctx, clock), spec));
    boolean changed = before == null || before != result.version();
    ctx.status(before == null ? 201 : 200).json(new ProcessorWriteResult(name, result.version(), changed));
  }

  private void delete(Context ctx) {
    gateway.submit(new DeleteProcessor(RequestActor.meta(ctx, clock), ctx.pathParam("name")));
    ctx.status(204);
  }
}
