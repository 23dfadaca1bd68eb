package io.streamfleet.protocol.trace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import java.net.URI;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class TracingTest {
  private final InMemorySpanExporter exported = InMemorySpanExporter.create();
  private final Tracing tracing = Tracing.withProcessor("streamfleet-test", SimpleSpanProcessor.create(exported));

  @Test
  void aSpansTraceparentMakesTheNextProcessesSpanItsChild() {
    Span parent = tracing.span("push").startSpan();

    Span child = tracing.span("agent.start", Tracing.traceparent(parent)).startSpan();
    child.end();

    SpanData data = exported.getFinishedSpanItems().getFirst();
    assertThat(data.getTraceId()).isEqualTo(parent.getSpanContext().getTraceId());
    assertThat(data.getParentSpanId()).isEqualTo(parent.getSpanContext().getSpanId());
    assertThat(Tracing.traceparent(parent)).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
  }

  @Test
  void withoutAnEndpointSpansStillHaveIdsForTheLogs() {
    Tracing local = Tracing.start("streamfleet-server", "s1", null);

    Span span = local.span("POST /api/v1/streams", (String) null).startSpan();

    assertThat(span.getSpanContext().isValid()).isTrue();
    assertThat(Tracing.traceparent(span)).isNotNull();
    span.end();
    local.close();
  }

  @Test
  void aMissingOrMalformedTraceparentStartsANewTrace() {
    tracing.span("a", (String) null).startSpan().end();
    tracing.span("b", "not-a-traceparent").startSpan().end();

    assertThat(exported.getFinishedSpanItems()).allSatisfy(s -> assertThat(s.getParentSpanContext().isValid()).isFalse());
  }

  @Test
  void theCurrentSpansIdsAreInTheLogContextUntilItsScopeCloses() {
    MDC.put(Tracing.MDC_TRACE_ID, "outer");
    Span span = tracing.span("apply").startSpan();

    try (Scope ignored = Tracing.activate(span)) {
      assertThat(MDC.get(Tracing.MDC_TRACE_ID)).isEqualTo(span.getSpanContext().getTraceId());
      assertThat(MDC.get(Tracing.MDC_SPAN_ID)).isEqualTo(span.getSpanContext().getSpanId());
      assertThat(Span.current()).isSameAs(span);
    }

    assertThat(MDC.get(Tracing.MDC_TRACE_ID)).isEqualTo("outer");
    assertThat(MDC.get(Tracing.MDC_SPAN_ID)).isNull();
    MDC.clear();
  }

  @Test
  void offMakesNoSpansAndNoTraceparents() {
    Span span = Tracing.OFF.span("x").startSpan();

    assertThat(Tracing.OFF.on()).isFalse();
    assertThat(Tracing.traceparent(span)).isNull();
    try (Scope ignored = Tracing.activate(span)) {
      assertThat(MDC.get(Tracing.MDC_TRACE_ID)).isNull();
    }
  }

  @Test
  void anEndpointMustBeAnHttpUrlWithAHost() {
    assertThat(Tracing.parseEndpoint("http://127.0.0.1:4318")).isEqualTo(URI.create("http://127.0.0.1:4318"));
    assertThatIllegalArgumentException().isThrownBy(() -> Tracing.parseEndpoint("127.0.0.1:4318"))
        .withMessageContaining("--otlp-endpoint '127.0.0.1:4318' must be an http:// or https:// URL").withMessageContaining("e.g. http://127.0.0.1:4318");
    assertThatIllegalArgumentException().isThrownBy(() -> Tracing.parseEndpoint("http://bad host"))
        .withMessageContaining("--otlp-endpoint 'http://bad host'");
  }
}
