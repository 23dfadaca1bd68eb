package io.streamfleet.server.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.streamfleet.model.command.Command;
import io.streamfleet.model.command.CommandCodec;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.CommandType;
import io.streamfleet.model.command.CreateStream;
import io.streamfleet.protocol.trace.Tracing;

/**
 * Spans of a traced command: {@code raft.commit} on the server that proposes it (while a request's
 * span is current) and {@code raft.apply} on every server that applies it. A stream's creation,
 * once applied, is remembered in {@link StreamTraces} so that its placement joins the trace.
 */
public final class CommandTracing {
  public static final CommandTracing OFF = new CommandTracing(Tracing.OFF, "", StreamTraces.OFF);

  private final Tracing tracing;
  private final String serverId;
  private final StreamTraces streams;

  public CommandTracing(Tracing tracing, String serverId, StreamTraces streams) {
    this.tracing = tracing;
    this.serverId = serverId;
    this.streams = streams;
  }

  /**
   * The span of proposing {@code command} and waiting for it to commit: a child of the current
   * span, or invalid when none is current (the leader's own commands start no traces).
   */
  public Span commit(Command command) {
    if (!Span.current().getSpanContext().isValid()) {
      return Span.getInvalid();
    }
    return tracing.span("raft.commit").setSpanKind(SpanKind.CLIENT)
        .setAttribute("streamfleet.command", CommandType.of(command).tag())
        .setAttribute("streamfleet.server", serverId).startSpan();
  }

  /**
   * The span of applying a decoded log entry here: a child of its envelope's trace, invalid when
   * it has none. A stream's creation is remembered now, before it is applied: the leader's
   * placement may see the new stream the moment it is applied.
   */
  public Span apply(CommandCodec.Decoded entry, long index) {
    if (entry.traceparent() == null || !tracing.on()) {
      return Span.getInvalid();
    }
    Span span = tracing.span("raft.apply", entry.traceparent())
        .setAttribute("streamfleet.command", CommandType.of(entry.command()).tag())
        .setAttribute("streamfleet.server", serverId)
        .setAttribute("raft.log_index", index).startSpan();
    if (entry.command() instanceof CreateStream c) {
      streams.created(c.spec().id(), span.getSpanContext());
    }
    return span;
  }

  /** Ends an apply span with the state machine's verdict. */
  public void applied(Span span, Command command, CommandResult result) {
    if (!span.getSpanContext().isValid()) {
      return;
    }
    span.setAttribute("streamfleet.result", result.code());
    if (!result.code().equals(CommandResult.OK)) {
      span.setStatus(StatusCode.ERROR, result.message() == null ? result.code() : result.message());
      if (command instanceof CreateStream c) {
        streams.forget(c.spec().id(), span.getSpanContext()); // no such stream was created
      }
    }
    span.end();
  }
}
