package io.streamfleet.server.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.streamfleet.model.Json;
import io.streamfleet.model.api.ApiError;
import io.streamfleet.model.command.Command;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.CreateToken;
import io.streamfleet.model.security.Role;
import io.streamfleet.model.security.TokenRecord;
import io.streamfleet.server.leader.Measurements;
import io.streamfleet.server.leader.NodeLiveness;
import io.streamfleet.server.metrics.ServerMetrics;
import io.streamfleet.server.security.Authenticator;
import io.streamfleet.server.security.Principal;
import io.streamfleet.server.security.RateLimiter;
import io.streamfleet.server.security.TokenSecrets;
import io.streamfleet.server.state.StateStore;
import io.streamfleet.testing.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * Route classes on an ephemeral port over an in-memory state: commands apply at once, in order,
 * as the Raft write port would apply them (read-your-writes). The development principal (admin)
 * makes every call without a token; a call with one ({@link #token(Role)}) goes through the real {@link ApiGuard}, so a test sees what that role may do. Every matched
 * route must declare an {@link Access} (a route without one answers 500 here, so a test that
 * calls it fails).
 */
final class RoutesFixture implements AutoCloseable {
  static final long START_MS = 1_767_000_000_000L;

  final StateStore store = new StateStore();
  final ManualClock clock = new ManualClock(START_MS);
  final CommandGateway gateway;
  private final AtomicLong index = new AtomicLong();
  private final Javalin app;
  private final HttpClient http = HttpClient.newHttpClient();
  private final ServerMetrics metrics = new ServerMetrics(store);

  private RoutesFixture(BiConsumer<RoutesFixture, RoutesConfig> routes) {
    gateway = new CommandGateway(this::apply);
    ApiGuard guard = new ApiGuard(new Authenticator(store, clock), new RateLimiter(1_000_000, 1_000_000, System::nanoTime),
        new RateLimiter(1_000_000, 1_000_000, System::nanoTime), metrics, false);
    app = Javalin.create(config -> {
      config.startup.showJavalinBanner = false;
      config.concurrency.useVirtualThreads = true;
      config.jsonMapper(new JavalinJackson(Json.mapper(), false));
      routes.accept(this, config.routes);
      config.routes.beforeMatched(ctx -> {
        if (ctx.routeRoles().stream().noneMatch(r -> r instanceof Access)) {
          throw new IllegalStateException(ctx.method() + " " + ctx.endpoint().path + " declares no Access");
        }
        if (ctx.header("Authorization") != null) {
          guard.check(ctx);
        } else {
          ctx.attribute(ApiGuard.PRINCIPAL, Principal.DEV);
        }
      });
      config.routes.exception(ApiException.class, (e, ctx) -> ctx.status(e.status()).json(e.body()));
      config.routes.exception(HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus()).json(ApiError.of("http", e.getMessage())));
      config.routes.exception(Exception.class, (e, ctx) -> ctx.status(500).json(ApiError.of("internal", e.toString())));
    });
    app.start("127.0.0.1", 0);
  }

  /** The job, scenario and seed routes, as {@link HttpApi} registers them. */
  static RoutesFixture start() {
    return new RoutesFixture((f, routes) -> {
      new JobRoutes(f.store, f.gateway, f.clock).register(routes);
      new ScenarioRoutes(f.store, f.gateway, f.clock).register(routes);
      new SeedApiRoutes(f.store, f.gateway, f.clock).register(routes);
    });
  }

  /**
   * The node, stream, processor and rollout routes, as {@link HttpApi} registers them (no agent
   * heartbeats: usage and fps stay absent; no rebalancer).
   */
  static RoutesFixture startNodesAndRollouts() {
    return new RoutesFixture((f, routes) -> {
      Views views = new Views(new NodeLiveness());
      new ClusterRoutes(f.store, null, null, "test", views).register(routes);
      new PlacementRoutes(f.store, new Measurements(new NodeLiveness()), (maxMoves, dryRun, actor) -> {
        throw new UnsupportedOperationException("no rebalancer in this fixture");
      }, f.clock, f.gateway, views).register(routes);
      new StreamRoutes(f.store, f.gateway, f.clock, views).register(routes);
      new ProcessorRoutes(f.store, f.gateway, f.clock, views).register(routes);
      new RolloutRoutes(f.store, f.gateway, f.clock, views).register(routes);
    });
  }

  /** A new API token of {@code role}, as {@code Authorization: Bearer} wants it. */
  String token(Role role) {
    TokenSecrets.Issued t = TokenSecrets.newApiToken(new SecureRandom());
    submit(new CreateToken(new CommandMeta(clock.millis(), "test", "test"), new TokenRecord(t.id(), role, null,
        TokenSecrets.sha256Hex(t.secret()), clock.millis(), 0, -1, null, "test", 0), false));
    return t.text();
  }

  private synchronized CommandResult apply(Command command) {
    return store.apply(command, index.incrementAndGet());
  }

  /** Applies a command as another part of the server would (an agent's session, the leader). */
  CommandResult submit(Command command) {
    return apply(command);
  }

  record Response(int status, String body) {
    JsonNode json() {
      try {
        return Json.mapper().readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException("not JSON (" + status + "): " + body, e);
      }
    }

    /** The field names of a 400's details. */
    Set<String> fields() {
      java.util.TreeSet<String> out = new java.util.TreeSet<>();
      json().path("error").path("details").forEach(d -> out.add(d.path("field").asText()));
      return out;
    }
  }

  Response get(String path) {
    return send(HttpRequest.newBuilder(uri(path)).GET());
  }

  Response post(String path, String json) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
        .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
  }

  /** A call with {@code token} instead of the development principal: the real access checks apply. */
  Response get(String path, String token) {
    return send(HttpRequest.newBuilder(uri(path)).header("Authorization", "Bearer " + token).GET());
  }

  Response post(String path, String json, String token) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
        .POST(json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json)));
  }

  Response put(String path, String json) {
    return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(json)));
  }

  Response delete(String path) {
    return send(HttpRequest.newBuilder(uri(path)).DELETE());
  }

  private URI uri(String path) {
    return URI.create("http://127.0.0.1:" + app.port() + path);
  }

  private Response send(HttpRequest.Builder request) {
    try {
      HttpResponse<String> r = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
      return new Response(r.statusCode(), r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    app.stop();
    http.close();
    metrics.close();
  }
}
