package io.streamfleet.server.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.model.Resources;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.model.command.CommandCodec;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.CreateStream;
import io.streamfleet.model.command.DeleteStream;
import io.streamfleet.protocol.trace.Tracing;
import io.streamfleet.protocol.v1.DesiredAssignments;
import io.streamfleet.protocol.v1.DesiredInstance;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CommandTracingTest {
  private static final CommandMeta META = new CommandMeta(1, "alice", "127.0.0.1");
  private final InMemorySpanExporter exported = InMemorySpanExporter.create();
  private final Tracing tracing = Tracing.withProcessor("streamfleet-server", SimpleSpanProcessor.create(exported));
  private final StreamTraces streams = new StreamTraces(tracing, () -> 0);
  private final CommandTracing commands = new CommandTracing(tracing, "s1", streams);

  @Test
  void aCommandProposedOutsideARequestIsNotTraced() {
    assertThat(commands.commit(new DeleteStream(META, "cam-1")).getSpanContext().isValid()).isFalse();
  }

  @Test
  void aCommandProposedWithinARequestCommitsAsItsChildAndAppliesAsTheCommitsChild() {
    Span request = tracing.span("POST /api/v1/streams").startSpan();
    Span commit;
    try (Scope ignored = Tracing.activate(request)) {
      commit = commands.commit(create("cam-1"));
    }
    CommandCodec.Decoded entry = CommandCodec.decodeWithTrace(CommandCodec.encode(create("cam-1"), Tracing.traceparent(commit)));
    Span apply = commands.apply(entry, 42);
    commands.applied(apply, entry.command(), CommandResult.ok());
    commit.end();

    SpanData applied = exported.getFinishedSpanItems().getFirst();
    assertThat(applied.getName()).isEqualTo("raft.apply");
    assertThat(applied.getParentSpanId()).isEqualTo(commit.getSpanContext().getSpanId());
    assertThat(commit.getSpanContext().getTraceId()).isEqualTo(request.getSpanContext().getTraceId());
    assertThat(applied.getAttributes().asMap().toString()).contains("raft.log_index=42", "streamfleet.command=stream.create",
        "streamfleet.server=s1");
  }

  @Test
  void anAppliedCreationIsWhereTheStreamsPlacementContinues() {
    Span apply = commands.apply(new CommandCodec.Decoded(create("cam-1"), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), 9);
    commands.applied(apply, create("cam-1"), CommandResult.ok());

    Span placement = streams.placing("cam-1", 1, "node-1");

    placement.end();
    assertThat(exported.getFinishedSpanItems()).filteredOn(s -> s.getName().equals("placement"))
        .singleElement().extracting(SpanData::getParentSpanId).isEqualTo(apply.getSpanContext().getSpanId());
  }

  @Test
  void aCreationIsRememberedBeforeItIsAppliedSoThatAPlacementRacingTheApplyFindsIt() {
    Span apply = commands.apply(new CommandCodec.Decoded(create("cam-1"), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), 9);

    Span placement = streams.placing("cam-1", 1, "node-1"); // the leader saw the stream before the apply span ended
    commands.applied(apply, create("cam-1"), CommandResult.ok());
    List<Span> pushes = new ArrayList<>();
    DesiredAssignments sent = streams.pushing("node-1", DesiredAssignments.newBuilder()
        .addInstances(DesiredInstance.newBuilder().setStreamId("cam-1").setEpoch(1)).build(), pushes);

    assertThat(placement.getSpanContext().getTraceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(sent.getTraceparentsMap()).containsOnlyKeys("cam-1@1"); // the apply's end did not undo the placement
    assertThat(pushes).hasSize(1);
  }

  @Test
  void aRejectedCommandsApplyIsAnErrorAndRemembersNothing() {
    Span apply = commands.apply(new CommandCodec.Decoded(create("cam-1"), "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01"), 9);
    commands.applied(apply, create("cam-1"), CommandResult.rejected(CommandResult.CONFLICT, "stream 'cam-1' exists"));

    assertThat(exported.getFinishedSpanItems().getFirst().getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(streams.size()).isZero();
  }

  @Test
  void anEntryWithoutATraceAppliesWithoutASpan() {
    Span apply = commands.apply(new CommandCodec.Decoded(create("cam-1"), null), 9);
    commands.applied(apply, create("cam-1"), CommandResult.ok());

    assertThat(exported.getFinishedSpanItems()).isEmpty();
    assertThat(streams.pushing("n", null, new ArrayList<>())).isNull();
  }

  private static CreateStream create(String id) {
    return new CreateStream(META, new StreamSpec(id, "synthetic://" + id, "motion", null, Resources.STREAM_DEFAULT, null, 50,
        HandoverPolicy.OVERLAP, null, null));
  }
}
