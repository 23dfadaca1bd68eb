package io.streamfleet.server.api;

import io.streamfleet.model.Json;
import io.streamfleet.model.command.Command;
import io.streamfleet.model.command.CommandCodec;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.server.raft.AppliedIndex;
import io.streamfleet.server.raft.RaftNode;
import io.streamfleet.server.metrics.ServerMetrics;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.protocol.RaftClientReply;

/**
 * Proposes commands and waits until they are committed and applied here, so that an
 * acknowledged write is durable and visible to the next read on this server.
 */
public final class CommandGateway {
  private final RaftNode raft;
  private final AppliedIndex applied;
  private final ServerMetrics metrics;
  private final Duration timeout;

  public CommandGateway(RaftNode raft, AppliedIndex applied, ServerMetrics metrics, Duration timeout) {
    this.raft = raft;
    this.applied = applied;
    this.metrics = metrics;
    this.timeout = timeout;
  }

  /**
   * @return the result when the command was applied with outcome ok
   * @throws ApiException with 404/409/400 when the state machine rejected it, 503 when no
   *     leader committed it within the write timeout
   */
  public CommandResult submit(Command command) {
    long start = System.nanoTime();
    RaftClientReply reply;
    try {
      reply = raft.propose(CommandCodec.encode(command)).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      throw ApiException.unavailable("the write was not committed within " + timeout.toSeconds() + " s; is a majority of servers up? (GET /api/v1/cluster)");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw ApiException.unavailable("interrupted while waiting for the write to commit");
    } catch (ExecutionException e) {
      throw ApiException.unavailable("the write could not be committed: no leader could be reached (" + rootMessage(e)
          + "); is a majority of servers up? (GET /api/v1/cluster)");
    } finally {
      metrics.recordCommit(System.nanoTime() - start);
    }
    if (!reply.isSuccess()) {
      throw ApiException.unavailable("the write could not be committed: " + (reply.getException() == null ? "unknown error" : reply.getException().getMessage()));
    }
    CommandResult result;
    try {
      result = Json.mapper().readValue(reply.getMessage().getContent().toByteArray(), CommandResult.class);
    } catch (IOException e) {
      throw new IllegalStateException("unreadable reply from the state machine", e);
    }
    if (!applied.awaitAtLeast(reply.getLogIndex(), timeout)) {
      throw ApiException.unavailable("the write was committed at log index " + reply.getLogIndex()
          + " but this server has not applied it within " + timeout.toSeconds() + " s; read it again shortly");
    }
    return switch (result.code()) {
      case CommandResult.OK -> result;
      case CommandResult.NOT_FOUND -> throw new ApiException(404, "not_found", result.message());
      case CommandResult.CONFLICT -> throw new ApiException(409, "conflict", result.message());
      default -> throw new ApiException(400, "invalid", result.message());
    };
  }

  private static String rootMessage(Throwable t) {
    Throwable c = t;
    while (c.getCause() != null) {
      c = c.getCause();
    }
    return c.getClass().getSimpleName() + ": " + c.getMessage();
  }
}
