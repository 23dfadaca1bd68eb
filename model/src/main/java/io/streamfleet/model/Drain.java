package io.streamfleet.model;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * An operator is emptying a node for maintenance: it takes no new streams, and its streams move
 * away make-before-break, at most {@code maxParallel} at a time. The node is {@code draining} until
 * nothing runs there, then {@code drained} (stopping it then affects nothing). Uncordon ends it.
 *
 * @param deadlineMs when the drain should be done; past it, {@code stuck} says what still holds the node
 * @param drainedMs when the last stream left (0 while draining)
 * @param stuck why the drain could not finish by its deadline (the streams and their reasons), or null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Drain(int maxParallel, long startedMs, long deadlineMs, long drainedMs, String stuck) {
  public static final int DEFAULT_MAX_PARALLEL = 2;
  public static final long DEFAULT_DEADLINE_MS = 10 * 60_000L;

  public boolean done() {
    return drainedMs > 0;
  }

  public Drain finished(long atMs) {
    return new Drain(maxParallel, startedMs, deadlineMs, atMs, null);
  }

  public Drain withStuck(String why) {
    return new Drain(maxParallel, startedMs, deadlineMs, drainedMs, why);
  }
}
