package io.streamfleet.protocol.trace;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanBuilder;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.api.trace.propagation.W3CTraceContextPropagator;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.SdkTracerProviderBuilder;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.net.URI;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.MDC;

/**
 * One process's tracing. Spans are always made (so that the logs carry trace ids that match
 * between servers and agents); they leave the process only when an OTLP endpoint is configured.
 * {@link #OFF} makes no spans at all (the simulation, unit tests).
 *
 * <p>A span's context crosses process boundaries as a W3C {@code traceparent} string: in the
 * envelope of a Raft command, and beside each instance of a desired set.
 */
public final class Tracing implements AutoCloseable {
  /** Makes no spans; every span it starts is invalid and {@link #traceparent} of it is null. */
  public static final Tracing OFF = new Tracing(OpenTelemetry.noop(), null);

  /** Where spans go: {@code /v1/traces} under the endpoint, the OTLP/HTTP convention (port 4318). */
  public static final String TRACES_PATH = "/v1/traces";
  /** Log MDC keys, present while a span is current (see {@link #activate}). */
  public static final String MDC_TRACE_ID = "trace_id";
  public static final String MDC_SPAN_ID = "span_id";

  private static final String SCOPE = "io.streamfleet";
  private static final W3CTraceContextPropagator W3C = W3CTraceContextPropagator.getInstance();
  private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
    @Override
    public Iterable<String> keys(Map<String, String> carrier) {
      return carrier.keySet();
    }

    @Override
    public String get(Map<String, String> carrier, String key) {
      return carrier == null ? null : carrier.get(key);
    }
  };

  /** The OTLP exporter's java.util.logging output (held: the logging framework keeps loggers weakly). */
  private static final java.util.logging.Logger EXPORTER_LOG = java.util.logging.Logger.getLogger("io.opentelemetry.exporter");

  /** Ends spans without sending them anywhere. */
  private static final SpanProcessor DROP = new SpanProcessor() {
    @Override
    public void onStart(Context parent, io.opentelemetry.sdk.trace.ReadWriteSpan span) {}

    @Override
    public boolean isStartRequired() {
      return false;
    }

    @Override
    public void onEnd(io.opentelemetry.sdk.trace.ReadableSpan span) {}

    @Override
    public boolean isEndRequired() {
      return false;
    }
  };

  private final OpenTelemetry otel;
  private final Tracer tracer;
  private final SdkTracerProvider provider;

  private Tracing(OpenTelemetry otel, SdkTracerProvider provider) {
    this.otel = otel;
    this.tracer = otel.getTracer(SCOPE);
    this.provider = provider;
  }

  /**
   * Tracing for one process.
   *
   * @param service {@code streamfleet-server} or {@code streamfleet-agent}
   * @param instance the server's or node's id
   * @param otlpEndpoint an OTLP/HTTP collector (e.g. {@code http://127.0.0.1:4318}), or null to
   *     export nothing
   */
  public static Tracing start(String service, String instance, URI otlpEndpoint) {
    Resource resource = Resource.getDefault().merge(Resource.create(Attributes.of(
        AttributeKey.stringKey("service.name"), service,
        AttributeKey.stringKey("service.instance.id"), instance,
        AttributeKey.stringKey("service.namespace"), "streamfleet")));
    // Without any processor the SDK hands out invalid spans (no ids for the logs): keep one that drops them.
    SdkTracerProviderBuilder builder = SdkTracerProvider.builder().setResource(resource)
        .addSpanProcessor(otlpEndpoint != null ? exportTo(otlpEndpoint) : DROP);
    SdkTracerProvider provider = builder.build();
    return new Tracing(OpenTelemetrySdk.builder().setTracerProvider(provider).build(), provider);
  }

  /** For tests: spans go to {@code processor}. */
  public static Tracing withProcessor(String service, SpanProcessor processor) {
    SdkTracerProvider provider = SdkTracerProvider.builder()
        .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("service.name"), service)))
        .addSpanProcessor(processor).build();
    return new Tracing(OpenTelemetrySdk.builder().setTracerProvider(provider).build(), provider);
  }

  private static SpanProcessor exportTo(URI endpoint) {
    String base = endpoint.toString().replaceAll("/+$", "");
    EXPORTER_LOG.setLevel(java.util.logging.Level.OFF); // ReportingSpanExporter says it in our log instead
    SpanExporter exporter = new ReportingSpanExporter(OtlpHttpSpanExporter.builder().setEndpoint(base + TRACES_PATH)
        .setTimeout(Duration.ofSeconds(10)).build(), base + TRACES_PATH, () -> System.nanoTime() / 1_000_000);
    // A second between exports: a stream's trace is complete in the collector soon after its first frame.
    return BatchSpanProcessor.builder(exporter).setScheduleDelay(Duration.ofSeconds(1)).build();
  }

  /**
   * Checks an {@code --otlp-endpoint} value.
   *
   * @throws IllegalArgumentException naming the value and the expected form
   */
  public static URI parseEndpoint(String value) {
    URI uri = null;
    try {
      uri = URI.create(value.trim());
    } catch (IllegalArgumentException e) {
      // reported below
    }
    if (uri == null || uri.getScheme() == null || !(uri.getScheme().equals("http") || uri.getScheme().equals("https")) || uri.getHost() == null) {
      throw new IllegalArgumentException("--otlp-endpoint '" + value + "' must be an http:// or https:// URL with a host, e.g."
          + " http://127.0.0.1:4318 (the collector's OTLP/HTTP address; spans go to " + TRACES_PATH + " under it)");
    }
    return uri;
  }

  /** Whether spans are made at all (false for {@link #OFF}). */
  public boolean on() {
    return provider != null;
  }

  public SpanBuilder span(String name) {
    return tracer.spanBuilder(name);
  }

  /** A span that is a child of the remote span {@code traceparent}, or a new trace when it is null or malformed. */
  public SpanBuilder span(String name, String traceparent) {
    return tracer.spanBuilder(name).setParent(parent(traceparent));
  }

  /** A span that is a child of {@code parent} (which may be invalid: then a new trace). */
  public SpanBuilder span(String name, SpanContext parent) {
    SpanBuilder b = tracer.spanBuilder(name);
    return parent != null && parent.isValid() ? b.setParent(Context.root().with(Span.wrap(parent))) : b.setNoParent();
  }

  /** The context a {@code traceparent} (and optional {@code tracestate}) header carries; root when there is none. */
  public static Context parent(String traceparent) {
    if (traceparent == null || traceparent.isEmpty()) {
      return Context.root();
    }
    Map<String, String> carrier = new HashMap<>();
    carrier.put("traceparent", traceparent);
    return W3C.extract(Context.root(), carrier, MAP_GETTER);
  }

  /** The W3C {@code traceparent} of {@code context}, or null when it is not valid (tracing off). */
  public static String traceparent(SpanContext context) {
    if (context == null || !context.isValid()) {
      return null;
    }
    return "00-" + context.getTraceId() + "-" + context.getSpanId() + "-" + context.getTraceFlags().asHex();
  }

  public static String traceparent(Span span) {
    return traceparent(span.getSpanContext());
  }

  /**
   * Makes {@code span} current on this thread and puts its ids in the log MDC; closing the scope
   * restores what was there before. Use with try-with-resources on one thread.
   */
  public static Scope activate(Span span) {
    SpanContext c = span.getSpanContext();
    if (!c.isValid()) {
      return Scope.noop();
    }
    Scope context = span.makeCurrent();
    String oldTrace = MDC.get(MDC_TRACE_ID);
    String oldSpan = MDC.get(MDC_SPAN_ID);
    MDC.put(MDC_TRACE_ID, c.getTraceId());
    MDC.put(MDC_SPAN_ID, c.getSpanId());
    return () -> {
      restore(MDC_TRACE_ID, oldTrace);
      restore(MDC_SPAN_ID, oldSpan);
      context.close();
    };
  }

  private static void restore(String key, String value) {
    if (value == null) {
      MDC.remove(key);
    } else {
      MDC.put(key, value);
    }
  }

  /** Sends what is buffered (waits up to 5 s) and stops. Idempotent. */
  @Override
  public void close() {
    if (provider != null) {
      provider.shutdown().join(5, TimeUnit.SECONDS);
    }
  }
}
