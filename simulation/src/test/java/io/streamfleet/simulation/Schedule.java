package io.streamfleet.simulation;

import io.streamfleet.model.HandoverPolicy;
import io.streamfleet.model.StreamSpec;
import io.streamfleet.model.job.JobSpec;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * A cluster and what happens to it: the nodes, the streams created at the start, the batch jobs
 * submitted during the run, and the faults. Every fault has healed and every job has been
 * submitted by {@link #healAtMs()}; then the run waits for convergence.
 */
record Schedule(long seed, List<NodePlan> nodes, List<StreamPlan> streams, List<Fault> faults, List<JobPlan> jobs) {
  /** When the streams may first run everywhere (exclusive ones wait a lease after the first leader starts). */
  static final long SETTLED_MS = 2_500;

  Schedule {
    nodes = List.copyOf(nodes);
    streams = List.copyOf(streams);
    faults = List.copyOf(faults);
    jobs = List.copyOf(jobs);
  }

  /** A schedule without jobs. */
  Schedule(long seed, List<NodePlan> nodes, List<StreamPlan> streams, List<Fault> faults) {
    this(seed, nodes, streams, faults, List.of());
  }

  /** When the last fault has healed and the last job has been submitted. */
  long healAtMs() {
    long lastFault = faults.stream().mapToLong(Fault::endMs).max().orElse(SETTLED_MS);
    return Math.max(lastFault, jobs.stream().mapToLong(JobPlan::submitAtMs).max().orElse(0));
  }

  /** Several lines: the nodes, streams, jobs and faults, for a failure report. */
  String describe() {
    String nodeList = nodes.stream().map(n -> n.id() + (n.zone() == null ? "" : "(" + n.zone() + ")") + " " + n.capacity().cpuMillis()
        + "m/" + n.capacity().memoryMb() + "MB").collect(Collectors.joining(" "));
    String streamList = streams.stream().map(p -> describe(p.spec())).collect(Collectors.joining(" "));
    String jobList = jobs.isEmpty() ? "none" : jobs.stream().map(Schedule::describe).collect(Collectors.joining(" "));
    String faultList = faults.stream().map(f -> "  " + f).collect(Collectors.joining("\n"));
    return "nodes: " + nodeList + "\nstreams: " + streamList + "\njobs: " + jobList + "\nfaults:\n" + faultList;
  }

  /** {@code job-3(p70 750m/256MB@zone-a at 4.210 s)}. */
  private static String describe(JobPlan p) {
    JobSpec j = p.spec();
    return String.format(Locale.ROOT, "%s(p%d %dm/%dMB%s at %.3f s)", j.id(), j.priority(), j.resources().cpuMillis(),
        j.resources().memoryMb(), j.zone() == null ? "" : "@" + j.zone(), p.submitAtMs() / 1000.0);
  }

  private static String describe(StreamSpec s) {
    String where = s.zone() == null ? "" : "@" + s.zone() + (s.overlapZones().isEmpty() ? "" : "+" + String.join(",", s.overlapZones()));
    return s.id() + (s.handover() == HandoverPolicy.EXCLUSIVE ? "[x]" : "") + where;
  }
}
