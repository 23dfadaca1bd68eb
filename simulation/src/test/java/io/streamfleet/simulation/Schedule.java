package io.streamfleet.simulation;

import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.model.StreamSpec;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A cluster and what happens to it: the nodes, the streams created at the start, and the faults.
 * Every fault has healed by {@link #healAtMs()}; then the run waits for convergence.
 */
record Schedule(long seed, List<NodePlan> nodes, List<StreamPlan> streams, List<Fault> faults) {
  /** When the streams may first run everywhere (exclusive ones wait a lease after the first leader starts). */
  static final long SETTLED_MS = 2_500;

  Schedule {
    nodes = List.copyOf(nodes);
    streams = List.copyOf(streams);
    faults = List.copyOf(faults);
  }

  long healAtMs() {
    return faults.stream().mapToLong(Fault::endMs).max().orElse(SETTLED_MS);
  }

  /** Several lines: the nodes, streams and faults, for a failure report. */
  String describe() {
    String nodeList = nodes.stream().map(n -> n.id() + (n.zone() == null ? "" : "(" + n.zone() + ")")).collect(Collectors.joining(" "));
    String streamList = streams.stream().map(p -> describe(p.spec())).collect(Collectors.joining(" "));
    String faultList = faults.stream().map(f -> "  " + f).collect(Collectors.joining("\n"));
    return "nodes: " + nodeList + "\nstreams: " + streamList + "\nfaults:\n" + faultList;
  }

  private static String describe(StreamSpec s) {
    String where = s.zone() == null ? "" : "@" + s.zone() + (s.overlapZones().isEmpty() ? "" : "+" + String.join(",", s.overlapZones()));
    return s.id() + (s.handover() == HandoverPolicy.EXCLUSIVE ? "[x]" : "") + where;
  }
}
