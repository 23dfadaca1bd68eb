package io.streamfleet.server.api;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.streamfleet.model.InvalidInputException;
import io.streamfleet.model.Redaction;
import io.streamfleet.model.ProcessorSpec;
import io.streamfleet.model.StreamRequest;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.model.StreamSpecParser;
import io.streamfleet.model.api.StreamView;
import io.streamfleet.model.command.CreateStream;
import io.streamfleet.model.command.DeleteStream;
import io.streamfleet.model.command.UpdateStream;
import io.streamfleet.server.state.StateStore;
import io.streamfleet.server.state.StoredStream;
import java.time.Clock;
import java.util.List;

/** {@code /api/v1/streams}: create, list, show, replace, delete. */
final class StreamRoutes {
  private final StateStore store;
  private final CommandGateway gateway;
  private final Clock clock;
  private final Views views;

  StreamRoutes(StateStore store, CommandGateway gateway, Clock clock, Views views) {
    this.store = store;
    this.gateway = gateway;
    this.clock = clock;
    this.views = views;
  }

  void register(RoutesConfig routes) {
    routes.post("/api/v1/streams", this::create, Access.OPERATOR);
    routes.get("/api/v1/streams", this::list, Access.VIEWER);
    routes.get("/api/v1/streams/{id}", this::show, Access.VIEWER);
    routes.put("/api/v1/streams/{id}", this::replace, Access.OPERATOR);
    routes.delete("/api/v1/streams/{id}", this::delete, Access.OPERATOR);
  }

  private void create(Context ctx) {
    StreamSpec spec = parse(JsonBodies.read(ctx, StreamRequest.class), null);
    gateway.submit(new CreateStream(RequestActor.meta(ctx, clock), spec));
    ctx.status(201).header("Location", "/api/v1/streams/" + spec.id()).json(view(spec.id()));
  }

  private void list(Context ctx) {
    List<StreamView> all = store.read(s -> s.streams().stream().map(x -> views.stream(s, x)).toList());
    ctx.json(all);
  }

  private void show(Context ctx) {
    ctx.json(view(ctx.pathParam("id")));
  }

  private void replace(Context ctx) {
    String id = ctx.pathParam("id");
    StreamSpec spec = keepStoredSecrets(parse(JsonBodies.read(ctx, StreamRequest.class), id));
    gateway.submit(new UpdateStream(RequestActor.meta(ctx, clock), spec));
    ctx.json(view(id));
  }

  private void delete(Context ctx) {
    gateway.submit(new DeleteStream(RequestActor.meta(ctx, clock), ctx.pathParam("id")));
    ctx.status(204);
  }

  /**
   * A client that read a stream (secrets masked) and sends it back changed elsewhere means to keep
   * the stored secrets, not to replace them with the mask.
   */
  private StreamSpec keepStoredSecrets(StreamSpec s) {
    StoredStream stored = store.read(st -> st.stream(s.id()));
    if (stored == null) {
      return s;
    }
    StreamSpec old = stored.spec();
    return new StreamSpec(s.id(), Redaction.restoreUrl(s.url(), old.url()), s.processor(), s.zone(), s.resources(), s.labels(), s.priority(),
        s.handover(), s.spreadGroup(), Redaction.restoreValues(s.params(), old.params()), s.overlapZones(), s.nodeSelector());
  }

  private StreamSpec parse(StreamRequest request, String pathId) {
    try {
      return StreamSpecParser.parse(request, pathId, name -> store.read(s -> {
        ProcessorSpec p = s.processor(name);
        return p == null ? null : p.resources();
      }));
    } catch (InvalidInputException e) {
      throw new ApiException(400, "invalid", e.getMessage(), e.errors());
    }
  }

  private StreamView view(String id) {
    StreamView v = store.read(s -> {
      StoredStream stored = s.stream(id);
      return stored == null ? null : views.stream(s, stored);
    });
    if (v == null) {
      throw ApiException.notFound("stream", id);
    }
    return v;
  }
}
