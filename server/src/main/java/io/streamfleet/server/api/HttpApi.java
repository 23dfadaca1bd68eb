package io.streamfleet.server.api;

import io.javalin.Javalin;
import io.javalin.http.HttpResponseException;
import io.javalin.json.JavalinJackson;
import io.streamfleet.model.Json;
import io.streamfleet.model.api.ApiError;
import io.streamfleet.server.leader.Measurements;
import io.streamfleet.server.leader.NodeLiveness;
import io.streamfleet.server.metrics.ServerMetrics;
import io.streamfleet.server.raft.AppliedIndex;
import io.streamfleet.server.raft.RaftNode;
import io.streamfleet.server.security.RateLimiter;
import io.streamfleet.server.state.StateStore;
import java.time.Clock;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP surface: REST API under {@code /api/v1}, {@code /metrics}, and {@code /}. Every error
 * leaves as {@code {"error": {"code", "message", "details"?}}}; unexpected failures are logged with
 * an id that the answer quotes, never with a stack trace to the client.
 */
public final class HttpApi implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HttpApi.class);
  private final Javalin app;

  private HttpApi(Javalin app) {
    this.app = app;
  }

  public record Dependencies(
      StateStore store, RaftNode raft, AppliedIndex applied, CommandGateway gateway, ServerMetrics metrics,
      NodeLiveness liveness, Clock clock, String clusterName, Rebalancer rebalancer, ApiSecurity security,
      io.streamfleet.server.events.EventSignal eventSignal, io.streamfleet.protocol.trace.Tracing tracing) {}

  public static HttpApi start(String host, int port, long maxBodyBytes, Dependencies d) {
    Views views = new Views(d.liveness());
    StreamRoutes streams = new StreamRoutes(d.store(), d.gateway(), d.clock(), views);
    ProcessorRoutes processors = new ProcessorRoutes(d.store(), d.gateway(), d.clock(), views);
    ClusterRoutes cluster = new ClusterRoutes(d.store(), d.raft(), d.applied(), d.clusterName(), views);
    PlacementRoutes placement = new PlacementRoutes(d.store(), new Measurements(d.liveness()), d.rebalancer(), d.clock(), d.gateway(),
        views);
    ApiSecurity sec = d.security();
    TokenRoutes tokens = new TokenRoutes(d.store(), d.gateway(), d.clock(), sec.random(), sec.caPin());
    ApiGuard guard = new ApiGuard(sec.authenticator(), new RateLimiter(sec.ratePerSecond(), sec.burst(), System::nanoTime),
        new RateLimiter(1, 20, System::nanoTime), d.metrics(), sec.tls() != null);
    RequestTracing requests = new RequestTracing(d.tracing());
    Javalin app = Javalin.create(config -> {
      config.jetty.modifyServer(server -> server.setErrorHandler(JsonErrorHandler.server()));
      config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(JsonErrorHandler.servletContext()));
      if (sec.tls() != null) {
        config.jetty.addConnector((server, httpConfig) -> HttpsConnector.create(server, httpConfig, sec.tls(), host, port));
      }
      config.startup.showJavalinBanner = false;
      config.startup.showOldJavalinVersionWarning = false;
      config.http.maxRequestSize = maxBodyBytes;
      config.http.prefer405over404 = true;
      config.concurrency.useVirtualThreads = true;
      config.jsonMapper(new JavalinJackson(Json.mapper(), false));
      config.requestLogger.http((ctx, ms) -> {
        d.metrics().recordHttp(ctx, ms);
        requests.end(ctx, ms);
      });
      streams.register(config.routes);
      processors.register(config.routes);
      cluster.register(config.routes);
      placement.register(config.routes);
      tokens.register(config.routes);
      new EventRoutes(d.store(), d.eventSignal()).register(config.routes);
      new RuleRoutes(d.store(), d.gateway(), d.clock()).register(config.routes);
      new WebhookRoutes(d.store(), d.gateway(), d.clock(), sec.random()).register(config.routes);
      new RolloutRoutes(d.store(), d.gateway(), d.clock(), views).register(config.routes);
      new JobRoutes(d.store(), d.gateway(), d.clock()).register(config.routes);
      new ScenarioRoutes(d.store(), d.gateway(), d.clock()).register(config.routes);
      new SeedApiRoutes(d.store(), d.gateway(), d.clock()).register(config.routes);
      new ServerJoinRoutes(d.store(), d.gateway(), d.clock(), sec.ca()).register(config.routes);
      config.routes.beforeMatched(requests::begin);
      config.routes.beforeMatched(guard::check);
      config.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(d.metrics().scrape()), Access.VIEWER);
      new Dashboard(sec.authenticator() != null).register(config.routes);
      config.routes.get("/status", ctx -> ctx.html(StatusPage.render(d.store(), d.clusterName(), views)), Access.VIEWER);
      BrowserLogin.register(config.routes, sec.authenticator());
      config.routes.exception(ApiGuard.RateLimitedException.class, (e, ctx) -> ctx.status(429).header("Retry-After", Long.toString(e.retryAfterSeconds))
          .json(ApiError.of("rate_limited", e.getMessage() + "; the limit is per token (--rate-limit-per-s, --rate-limit-burst)")));
      config.routes.exception(ApiException.class, (e, ctx) -> {
        if (e.status() == 401 && BrowserLogin.wantsPage(ctx)) {
          ctx.redirect("/login");
          return;
        }
        ctx.status(e.status()).json(e.body());
      });
      config.routes.exception(HttpResponseException.class, (e, ctx) -> ctx.status(e.getStatus()).json(httpError(e, maxBodyBytes)));
      config.routes.exception(Exception.class, (e, ctx) -> {
        String errorId = UUID.randomUUID().toString().substring(0, 8);
        log.error("unexpected error {} handling {} {}", errorId, ctx.method(), ctx.path(), e);
        ctx.status(500).json(ApiError.of("internal", "internal error " + errorId + "; the server log has the details"));
      });
      config.routes.error(405, ctx -> ctx.json(ApiError.of("method_not_allowed", ctx.method() + " is not supported on " + ctx.path())));
    });
    if (sec.tls() != null) {
      app.start();
    } else {
      app.start(host, port);
    }
    return new HttpApi(app);
  }

  private static ApiError httpError(HttpResponseException e, long maxBodyBytes) {
    return switch (e.getStatus()) {
      case 413 -> ApiError.of("body_too_large", "the request body is larger than the limit of " + maxBodyBytes + " bytes; send less (or raise --max-body-bytes)");
      case 404 -> ApiError.of("not_found", e.getMessage());
      case 400 -> ApiError.of("bad_request", e.getMessage());
      default -> ApiError.of("http_" + e.getStatus(), e.getMessage());
    };
  }

  public int port() {
    return app.port();
  }

  @Override
  public void close() {
    app.stop();
  }
}
