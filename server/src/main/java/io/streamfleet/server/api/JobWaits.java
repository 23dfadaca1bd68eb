package io.streamfleet.server.api;

import io.streamfleet.model.NodeRecord;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.Resources;
import io.streamfleet.model.job.JobRecord;
import io.streamfleet.model.job.JobSpec;
import io.streamfleet.model.job.JobState;
import io.streamfleet.server.state.ClusterState;

/**
 * Why a queued job is not running yet, in words, computed when it is read: its backoff, its
 * dependency, a previous attempt not yet known dead, or no node that could ever take it (and
 * which constraint rules them out). Read-only.
 */
final class JobWaits {
  private JobWaits() {}

  /** The explanation for queued job {@code j}, or its stored reason (null when there is nothing to say). */
  static String reason(ClusterState s, JobRecord j, long nowMs) {
    if (j.state() != JobState.QUEUED) {
      return j.reason();
    }
    if (j.fence() != null) {
      return "waiting for node " + j.fence().node() + " to confirm that attempt " + j.fence().epoch()
          + " stopped, or for its lease to run out (an attempt never runs on two nodes at once)";
    }
    if (j.notBeforeMs() > nowMs) {
      return (j.reason() == null ? "" : j.reason() + "; ") + "next attempt in " + (j.notBeforeMs() - nowMs) + " ms";
    }
    JobSpec spec = j.spec();
    if (spec.dependsOn() != null) {
      JobRecord dep = s.job(spec.dependsOn());
      if (dep != null && dep.state() != JobState.SUCCEEDED) {
        return "waiting for job " + dep.id() + " to succeed (it is " + dep.state().wireName() + ")";
      }
    }
    String nowhere = nowhere(s, spec);
    if (nowhere != null) {
      return nowhere;
    }
    return j.reason() != null ? j.reason() : "waiting for room on a node (live streams and earlier or higher-priority jobs come first)";
  }

  /** Why no node could ever run the job, or null when one could (once it has room). */
  private static String nowhere(ClusterState s, JobSpec spec) {
    String program = s.jobProgram(spec);
    int ready = 0;
    int allowed = 0;
    int placed = 0;
    for (NodeRecord n : s.nodes()) {
      if (n.effectiveState() != NodeState.READY) {
        continue;
      }
      ready++;
      boolean runs = n.isHttpWorker() ? spec.runsScenario() : program != null && n.exec().refusal(program) == null;
      if (!runs) {
        continue;
      }
      allowed++;
      if ((spec.zone() != null && !spec.zone().equals(n.zone()))
          || !spec.nodeSelector().entrySet().stream().allMatch(e -> e.getValue().equals(n.labels().get(e.getKey())))) {
        continue;
      }
      placed++;
      Resources c = n.capacity();
      Resources r = spec.resources();
      if (c.cpuMillis() >= r.cpuMillis() && c.memoryMb() >= r.memoryMb() && c.gpu() >= r.gpu()) {
        return null;
      }
    }
    if (ready == 0) {
      return "no node is ready";
    }
    if (allowed == 0) {
      return program == null ? "its processor no longer exists" : "no ready node runs '" + program
          + "' (start an agent with --allow-exec or --allow-exec-program " + program + ")";
    }
    if (placed == 0) {
      return "no ready node that runs it matches its zone and node_selector";
    }
    Resources r = spec.resources();
    return "needs " + r.cpuMillis() + " cpu_millis, " + r.memoryMb() + " MiB" + (r.gpu() > 0 ? ", " + r.gpu() + " GPU" : "")
        + ": more than any ready node that may run it has in all; lower its resources or add a larger node";
  }
}
