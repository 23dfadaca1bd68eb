package io.streamfleet.model.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/** {@code GET /cluster}: the control-plane servers, who leads, and this server's view of the log. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ClusterView(
    String clusterId,
    String server,
    List<ServerView> servers,
    String leader,
    long term,
    long commitIndex,
    long appliedIndex,
    Counts counts) {

  /** One control-plane member. {@code role} is known for this server only (others: null). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  public record ServerView(String id, String address, String role) {}

  /** Object counts by state. */
  public record Counts(int nodes, int nodesReady, int streams, int streamsRunning, int streamsPending, int processors) {}
}
