package io.streamfleet.server.raft;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.streamfleet.model.Json;
import io.streamfleet.model.command.Command;
import io.streamfleet.model.command.CommandCodec;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.protocol.trace.Tracing;
import io.streamfleet.server.metrics.ServerMetrics;
import io.streamfleet.server.state.WritePort;
import io.streamfleet.server.state.WriteUnavailableException;
import io.streamfleet.server.tracing.CommandTracing;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.protocol.RaftClientReply;

/**
 * Proposes commands through Raft and waits until they are committed and applied here, so that an
 * acknowledged write is durable and visible to the next read on this server.
 */
public final class RaftWritePort implements WritePort {
  private final RaftNode raft;
  private final AppliedIndex applied;
  private final ServerMetrics metrics;
  private final Duration timeout;
  private final CommandTracing tracing;

  public RaftWritePort(RaftNode raft, AppliedIndex applied, ServerMetrics metrics, Duration timeout, CommandTracing tracing) {
    this.raft = raft;
    this.applied = applied;
    this.metrics = metrics;
    this.timeout = timeout;
    this.tracing = tracing;
  }

  /**
   * Within a traced request the commit is a span of its own, and the command's envelope carries
   * that span's traceparent to every server's apply.
   */
  @Override
  public CommandResult submit(Command command) {
    Span span = tracing.commit(command);
    try (Scope ignored = Tracing.activate(span)) {
      CommandResult result = commit(command, Tracing.traceparent(span), span);
      span.setAttribute("streamfleet.result", result.code());
      return result;
    } catch (RuntimeException e) {
      span.setStatus(StatusCode.ERROR, e.getMessage());
      throw e;
    } finally {
      span.end();
    }
  }

  private CommandResult commit(Command command, String traceparent, Span span) {
    long start = System.nanoTime();
    RaftClientReply reply;
    try {
      reply = raft.propose(CommandCodec.encode(command, traceparent)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw new WriteUnavailableException("the write was not committed within " + timeout.toSeconds()
          + " s; is a majority of servers up? (GET /api/v1/cluster)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WriteUnavailableException("interrupted while waiting for the write to commit");
    } catch (ExecutionException e) {
      throw new WriteUnavailableException("the write could not be committed: no leader could be reached (" + rootMessage(e)
          + "); is a majority of servers up? (GET /api/v1/cluster)");
    } finally {
      metrics.recordCommit(System.nanoTime() - start);
    }
    if (!reply.isSuccess()) {
      throw new WriteUnavailableException("the write could not be committed: "
          + (reply.getException() == null ? "unknown error" : reply.getException().getMessage()));
    }
    span.setAttribute("raft.log_index", reply.getLogIndex());
    CommandResult result;
    try {
      result = Json.mapper().readValue(reply.getMessage().getContent().toByteArray(), CommandResult.class);
    } catch (IOException e) {
      throw new IllegalStateException("unreadable reply from the state machine", e);
    }
    if (!applied.awaitAtLeast(reply.getLogIndex(), timeout)) {
      throw new WriteUnavailableException("the write was committed at log index " + reply.getLogIndex()
          + " but this server has not applied it within " + timeout.toSeconds() + " s; read it again shortly");
    }
    return result;
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + ": " + c.getMessage();
  }
}
