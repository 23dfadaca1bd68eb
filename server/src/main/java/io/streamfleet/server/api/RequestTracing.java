package io.streamfleet.server.api;

import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.streamfleet.protocol.trace.Tracing;
import io.streamfleet.server.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A span per write request (and per read that arrives with a {@code traceparent}: reads are many
 * and a dashboard polls them), current while the request is handled, so that its Raft commit and
 * everything after it join the trace. The response's {@code traceresponse} header names the trace.
 * Writes to {@code /api/} are logged once done, with the trace id in the log's MDC: who changed
 * what, and where to look for the rest.
 */
final class RequestTracing {
  private static final Logger log = LoggerFactory.getLogger(RequestTracing.class);
  private static final String SPAN = "streamfleet.trace.span";
  private static final String SCOPE = "streamfleet.trace.scope";

  private final Tracing tracing;

  RequestTracing(Tracing tracing) {
    this.tracing = tracing;
  }

  /** Before the matched handler (and before authentication, so refusals are traced too). */
  void begin(Context ctx) {
    String traceparent = ctx.header("traceparent");
    if (!tracing.on() || (!isWrite(ctx.method()) && traceparent == null)) {
      return;
    }
    Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
    String route = endpoint == null ? ctx.path() : endpoint.path;
    Span span = tracing.span(ctx.method().name() + " " + route, traceparent).setSpanKind(SpanKind.SERVER)
        .setAttribute("http.request.method", ctx.method().name())
        .setAttribute("http.route", route)
        .setAttribute("url.path", ctx.path())
        .setAttribute("client.address", ctx.ip())
        .startSpan();
    ctx.attribute(SPAN, span);
    ctx.attribute(SCOPE, Tracing.activate(span));
    String traceresponse = Tracing.traceparent(span);
    if (traceresponse != null) {
      ctx.header("traceresponse", traceresponse);
    }
  }

  /** From the request logger, once the response is complete, on the request's thread. */
  void end(Context ctx, float millis) {
    Span span = ctx.attribute(SPAN);
    Scope scope = ctx.attribute(SCOPE);
    if (span == null || scope == null) {
      return;
    }
    int status = ctx.statusCode();
    Principal principal = ctx.attribute(ApiGuard.PRINCIPAL);
    span.setAttribute("http.response.status_code", status);
    if (principal != null) {
      span.setAttribute("enduser.id", principal.name());
    }
    if (status >= 500) {
      span.setStatus(StatusCode.ERROR);
    }
    if (isWrite(ctx.method()) && ctx.path().startsWith("/api/")) {
      log.info("{} {} {} ({} ms, {})", ctx.method().name(), ctx.path(), status, Math.round(millis),
          principal == null ? "not signed in" : principal.name());
    }
    scope.close();
    span.end();
  }

  private static boolean isWrite(HandlerType method) {
    return method != HandlerType.GET && method != HandlerType.HEAD && method != HandlerType.OPTIONS;
  }
}
