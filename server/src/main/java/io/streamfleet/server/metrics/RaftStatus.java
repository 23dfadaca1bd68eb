package io.streamfleet.server.metrics;

/** What Raft says about this server, read when metrics are scraped. */
public interface RaftStatus {
  boolean isLeader();

  /** Whether any server is leader, as far as this one knows. */
  boolean hasLeader();

  long term();

  long commitIndex();

  long appliedIndex();

  int servers();
}
