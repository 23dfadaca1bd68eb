package io.streamfleet.server.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.streamfleet.protocol.trace.Tracing;
import io.streamfleet.protocol.v1.DesiredAssignments;
import io.streamfleet.protocol.v1.DesiredInstance;
import io.streamfleet.protocol.v1.JobRun;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class StreamTracesTest {
  private final InMemorySpanExporter exported = InMemorySpanExporter.create();
  private final Tracing tracing = Tracing.withProcessor("streamfleet-server", SimpleSpanProcessor.create(exported));
  private final AtomicLong nowMs = new AtomicLong(1_000);
  private final StreamTraces traces = new StreamTraces(tracing, nowMs::get);

  @Test
  void aCreatedStreamsPlacementAndPushContinueTheCreationsTrace() {
    Span apply = tracing.span("raft.apply").startSpan();
    traces.created("cam-1", apply.getSpanContext());

    Span placement = traces.placing("cam-1", 1, "node-2");
    placement.end();
    List<Span> pushes = new ArrayList<>();
    DesiredAssignments sent = traces.pushing("node-2", set(instance("cam-1", 1), instance("cam-2", 4)), pushes);
    pushes.forEach(Span::end);

    assertThat(placement.getSpanContext().getTraceId()).isEqualTo(apply.getSpanContext().getTraceId());
    SpanData placed = finished("placement");
    SpanData push = finished("push");
    assertThat(placed.getParentSpanId()).isEqualTo(apply.getSpanContext().getSpanId());
    assertThat(push.getParentSpanId()).isEqualTo(placed.getSpanId());
    assertThat(push.getTraceId()).isEqualTo(placed.getTraceId());
    assertThat(sent.getTraceparentsMap()).containsOnlyKeys("cam-1@1")
        .containsEntry("cam-1@1", Tracing.traceparent(push.getSpanContext()));
    assertThat(sent.getInstancesList()).isEqualTo(set(instance("cam-1", 1), instance("cam-2", 4)).getInstancesList());
  }

  @Test
  void laterPushesResendTheSameTraceparentWithoutANewSpan() {
    traces.placing("cam-1", 1, "node-2").end();
    List<Span> first = new ArrayList<>();
    String tp = traces.pushing("node-2", set(instance("cam-1", 1)), first).getTraceparentsMap().get("cam-1@1");
    first.forEach(Span::end);

    List<Span> second = new ArrayList<>();
    DesiredAssignments again = traces.pushing("node-2", set(instance("cam-1", 1)), second);

    assertThat(second).isEmpty();
    assertThat(again.getTraceparentsMap()).containsEntry("cam-1@1", tp);
  }

  @Test
  void theCreationTraceServesOnePlacementALaterOneStartsItsOwnTrace() {
    Span apply = tracing.span("raft.apply").startSpan();
    traces.created("cam-1", apply.getSpanContext());

    Span first = traces.placing("cam-1", 1, "node-1");
    Span failover = traces.placing("cam-1", 2, "node-2");

    assertThat(first.getSpanContext().getTraceId()).isEqualTo(apply.getSpanContext().getTraceId());
    assertThat(failover.getSpanContext().getTraceId()).isNotEqualTo(apply.getSpanContext().getTraceId());
  }

  @Test
  void aFailoversPlacementsAreChildrenOfTheFailover() {
    Span failover = traces.failover("node-1", "agent session closed");
    Span placed = traces.placing("cam-1", 5, "node-2", failover.getSpanContext());
    placed.end();

    assertThat(finished("placement").getParentSpanId()).isEqualTo(failover.getSpanContext().getSpanId());
  }

  @Test
  void onlyThePlacedEpochIsAnnotatedNeverAnotherEpochOrAJobAttempt() {
    traces.placing("cam-1", 2, "node-2").end();
    DesiredInstance job = DesiredInstance.newBuilder().setStreamId("cam-1").setEpoch(2).setJob(JobRun.newBuilder().setJobId("j")).build();

    DesiredAssignments sent = traces.pushing("node-2", set(instance("cam-1", 1)), new ArrayList<>());
    DesiredAssignments jobs = traces.pushing("node-2", set(job), new ArrayList<>());

    assertThat(sent.getTraceparentsMap()).isEmpty();
    assertThat(jobs.getTraceparentsMap()).isEmpty();
  }

  @Test
  void anEntryIsForgottenAfterItsTimeToLive() {
    traces.placing("cam-1", 1, "node-2").end();
    nowMs.addAndGet(StreamTraces.TTL_MS + 1);

    DesiredAssignments sent = traces.pushing("node-2", set(instance("cam-1", 1)), new ArrayList<>());

    assertThat(sent.getTraceparentsMap()).isEmpty();
    assertThat(traces.size()).isZero();
  }

  @Test
  void atMostMaxEntriesAreKeptOldestOut() {
    for (int i = 0; i <= StreamTraces.MAX_ENTRIES; i++) {
      traces.created("cam-" + i, SpanContext.getInvalid());
    }
    assertThat(traces.size()).isEqualTo(StreamTraces.MAX_ENTRIES);
    assertThat(traces.pushing("n", set(instance("cam-0", 0)), new ArrayList<>()).getTraceparentsMap()).isEmpty();
  }

  @Test
  void withTracingOffNothingIsKeptOrAdded() {
    StreamTraces off = StreamTraces.OFF;
    off.created("cam-1", SpanContext.getInvalid());

    assertThat(off.placing("cam-1", 1, "node-2").getSpanContext().isValid()).isFalse();
    assertThat(off.pushing("node-2", set(instance("cam-1", 1)), new ArrayList<>()).getTraceparentsMap()).isEmpty();
    assertThat(off.size()).isZero();
  }

  private SpanData finished(String name) {
    return exported.getFinishedSpanItems().stream().filter(s -> s.getName().equals(name)).findFirst().orElseThrow();
  }

  private static DesiredAssignments set(DesiredInstance... instances) {
    return DesiredAssignments.newBuilder().addAllInstances(List.of(instances)).setStateIndex(7).build();
  }

  private static DesiredInstance instance(String stream, long epoch) {
    return DesiredInstance.newBuilder().setStreamId(stream).setEpoch(epoch).setUrl("synthetic://" + stream).build();
  }
}
