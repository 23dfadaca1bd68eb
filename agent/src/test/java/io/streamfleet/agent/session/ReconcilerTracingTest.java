package io.streamfleet.agent.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.streamfleet.agent.driver.InstanceListener;
import io.streamfleet.agent.driver.InstanceUsage;
import io.streamfleet.agent.driver.ProcessorDriver;
import io.streamfleet.agent.driver.ProcessorHandle;
import io.streamfleet.protocol.trace.Tracing;
import io.streamfleet.protocol.v1.DesiredInstance;
import io.streamfleet.protocol.v1.Processor;
import io.streamfleet.protocol.v1.ProcessorStatus;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The agent's part of a traced start: {@code agent.start} and {@code first_frame}, continuing the leader's push. */
class ReconcilerTracingTest {
  private static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
  private static final String PUSH_SPAN = "00f067aa0ba902b7";
  private static final String PUSH = "00-" + TRACE_ID + "-" + PUSH_SPAN + "-01";

  private final InMemorySpanExporter spans = InMemorySpanExporter.create();
  private final List<String> started = new ArrayList<>();
  private final List<InstanceListener> listeners = new ArrayList<>();
  private final List<String> traceIdsAtStart = new ArrayList<>();
  private boolean refuse;

  private final ProcessorDriver driver = (d, l) -> {
    if (refuse) {
      throw new IllegalArgumentException("no such camera");
    }
    started.add(d.getStreamId() + "@" + d.getEpoch());
    traceIdsAtStart.add(String.valueOf(MDC.get(Tracing.MDC_TRACE_ID)));
    listeners.add(l);
    return new ProcessorHandle() {
      @Override
      public void stop() {}

      @Override
      public InstanceUsage usage() {
        return new InstanceUsage(0, 0, 0, 0, 0, 0);
      }
    };
  };

  private final Reconciler reconciler = new Reconciler(Map.of("builtin", driver), new Reconciler.StatusSink() {
    @Override
    public void status(String streamId, long epoch, ProcessorStatus.State state, String reason, int restarts) {}

    @Override
    public void event(String streamId, long epoch, String kind, String payloadJson) {}
  }, null, Runnable::run, Tracing.withProcessor("streamfleet-agent", SimpleSpanProcessor.create(spans)));

  @Test
  void aTracedStartIsTwoSpansOfThePushersTraceAndTheFirstFrameEndsTheSecond() {
    reconciler.reconcile(List.of(instance("cam-1", 3)), 10, Map.of("cam-1@3", PUSH));

    assertThat(names()).containsExactly("agent.start");
    listeners.getFirst().running();

    assertThat(names()).containsExactly("agent.start", "first_frame");
    for (SpanData s : spans.getFinishedSpanItems()) {
      assertThat(s.getTraceId()).isEqualTo(TRACE_ID);
      assertThat(s.getParentSpanId()).isEqualTo(PUSH_SPAN);
      assertThat(s.getAttributes().asMap().toString()).contains("streamfleet.stream=cam-1", "streamfleet.epoch=3");
      assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
    }
    assertThat(traceIdsAtStart).containsExactly(TRACE_ID); // the start's log lines carry the trace id
    assertThat(MDC.get(Tracing.MDC_TRACE_ID)).isNull(); // and only they
  }

  @Test
  void anUntracedStartMakesNoSpans() {
    reconciler.reconcile(List.of(instance("cam-1", 3)), 10, Map.of("cam-2@3", PUSH));
    listeners.getFirst().running();

    assertThat(spans.getFinishedSpanItems()).isEmpty();
    assertThat(traceIdsAtStart).containsExactly("null");
  }

  @Test
  void aTraceDoesNotMakeAnInstanceLookChanged() {
    reconciler.reconcile(List.of(instance("cam-1", 3)), 10, Map.of("cam-1@3", PUSH));
    reconciler.reconcile(List.of(instance("cam-1", 3)), 11, Map.of());

    assertThat(started).containsExactly("cam-1@3");
  }

  @Test
  void aStartThatFailsEndsBothSpansAsErrors() {
    refuse = true;
    reconciler.reconcile(List.of(instance("cam-1", 3)), 10, Map.of("cam-1@3", PUSH));

    assertThat(spans.getFinishedSpanItems()).extracting(SpanData::getName).containsExactlyInAnyOrder("agent.start", "first_frame");
    assertThat(spans.getFinishedSpanItems()).allSatisfy(s -> assertThat(s.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR));
  }

  @Test
  void anInstanceStoppedBeforeItsFirstFrameEndsTheWaitSayingSo() {
    reconciler.reconcile(List.of(instance("cam-1", 3)), 10, Map.of("cam-1@3", PUSH));
    listeners.getFirst().degraded("camera unreachable");
    reconciler.reconcile(List.of(), 11, Map.of());

    SpanData wait = spans.getFinishedSpanItems().stream().filter(s -> s.getName().equals("first_frame")).findFirst().orElseThrow();
    assertThat(wait.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(wait.getStatus().getDescription()).startsWith("stopped before its first frame: no longer assigned here");
    assertThat(wait.getEvents()).extracting(e -> e.getName()).containsExactly("degraded: camera unreachable");
    listeners.getFirst().running(); // a late frame from the stopping instance ends nothing twice
    assertThat(names()).containsExactly("agent.start", "first_frame");
  }

  private List<String> names() {
    return spans.getFinishedSpanItems().stream().map(SpanData::getName).toList();
  }

  private static DesiredInstance instance(String stream, long epoch) {
    return DesiredInstance.newBuilder().setStreamId(stream).setEpoch(epoch)
        .setProcessor(Processor.newBuilder().setName("motion").setDriver("builtin")).build();
  }
}
