package io.streamfleet.server.placement;

import io.streamfleet.model.NodeRecord;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.Resources;
import io.streamfleet.model.command.DispatchJobs;
import io.streamfleet.model.job.JobIds;
import io.streamfleet.model.job.JobRecord;
import io.streamfleet.model.job.JobSpec;
import io.streamfleet.scheduler.ExecLabels;
import io.streamfleet.scheduler.JobPacker;
import io.streamfleet.scheduler.NodeSlot;
import io.streamfleet.scheduler.Plan;
import io.streamfleet.scheduler.StreamSlot;
import io.streamfleet.server.state.ClusterState;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Where queued jobs go: the glue between the replicated job queue and the scheduler's {@link
 * JobPacker}. Pure, like {@link PlacementPlanner}: the leader's dispatcher and the HTTP workers'
 * poll both decide through it, and the apply re-checks every dispatch.
 */
public final class JobPlacement {
  /**
   * The priority job attempts have in the stream scheduler's snapshot: below every stream's
   * (0..100), so a stream that needs room preempts jobs before any stream.
   */
  public static final int JOB_PRIORITY = -1;

  private JobPlacement() {}

  /**
   * Dispatches of queued jobs onto the agent nodes' spare capacity, in queue order, at most
   * {@code max}, looking at no more than {@code maxScan} queued jobs.
   *
   * @param reserved room the next placement round gives to pending streams, by node: jobs never take it
   */
  public static List<DispatchJobs.Dispatch> plan(ClusterState s, long nowMs, Map<String, Resources> reserved, int max, int maxScan) {
    List<NodeRecord> agents = new ArrayList<>();
    Map<String, Resources> used = new HashMap<>();
    long freeCpu = 0;
    for (NodeRecord n : s.nodes()) {
      if (n.isHttpWorker() || n.effectiveState() != NodeState.READY) {
        continue; // HTTP workers pull their jobs (nextFor)
      }
      Resources held = reserved.get(n.id());
      Resources u = held == null ? s.allocated(n.id()) : s.allocated(n.id()).plus(held);
      used.put(n.id(), u);
      agents.add(n);
      freeCpu += Math.max(0, n.capacity().cpuMillis() - u.cpuMillis());
    }
    if (agents.isEmpty()) {
      return List.of();
    }
    // Look at no more queued jobs than the free room could take (plus the ones that fit nowhere):
    // with a long queue, a round costs what can start, not what waits.
    List<JobRecord> candidates = new ArrayList<>();
    long wanted = 0;
    for (Iterator<JobRecord> it = s.queuedJobs(); it.hasNext() && candidates.size() < maxScan && wanted <= freeCpu; ) {
      JobRecord j = it.next();
      if (j.fence() == null && s.jobDispatchable(j, nowMs)) {
        candidates.add(j);
        wanted += Math.max(1, j.spec().resources().cpuMillis());
      }
    }
    if (candidates.isEmpty()) {
      return List.of();
    }
    Map<String, String> programs = new HashMap<>();
    candidates.forEach(j -> programs.put(j.id(), s.jobProgram(j.spec())));
    List<NodeSlot> nodes = new ArrayList<>();
    for (NodeRecord n : agents) {
      TreeMap<String, String> labels = new TreeMap<>(n.labels());
      programs.values().stream().distinct().filter(p -> p != null && n.exec().refusal(p) == null)
          .forEach(p -> labels.put(ExecLabels.of(p), "allowed"));
      nodes.add(new NodeSlot(n.id(), n.zone(), labels, n.capacity(), true, null));
    }
    List<StreamSlot> slots = new ArrayList<>();
    Map<String, JobRecord> byId = new HashMap<>();
    for (JobRecord j : candidates) {
      String program = programs.get(j.id());
      if (program == null) {
        continue; // its processor is gone: nothing can run it
      }
      TreeMap<String, String> selector = new TreeMap<>(j.spec().nodeSelector());
      selector.put(ExecLabels.of(program), "allowed");
      slots.add(slot(j.id(), j.spec(), selector, null));
      byId.put(j.id(), j);
    }
    List<DispatchJobs.Dispatch> out = new ArrayList<>();
    for (Plan.Placement p : JobPacker.pack(nodes, used, slots, max)) {
      out.add(new DispatchJobs.Dispatch(p.streamId(), byId.get(p.streamId()).epoch(), p.node()));
    }
    return out;
  }

  /** The first job in queue order that HTTP worker {@code nodeId} can run now, or null. */
  public static JobRecord nextFor(ClusterState s, String nodeId, long nowMs, int maxScan) {
    int scanned = 0;
    for (Iterator<JobRecord> it = s.queuedJobs(); it.hasNext() && scanned++ < maxScan; ) {
      JobRecord j = it.next();
      if (j.fence() == null && s.jobDispatchable(j, nowMs) && s.canRunJob(nodeId, j)) {
        return j;
      }
    }
    return null;
  }

  /**
   * The active attempts on agent nodes as slots of the stream scheduler's snapshot: they hold
   * room, and they are the first victims when a stream needs it.
   */
  static List<StreamSlot> activeJobSlots(ClusterState s) {
    List<StreamSlot> out = new ArrayList<>();
    for (String nodeId : s.nodesWithJobs()) {
      NodeRecord n = s.node(nodeId);
      if (n == null || n.isHttpWorker()) {
        continue;
      }
      for (JobRecord j : s.jobsOn(nodeId)) {
        out.add(slot(JobIds.instanceId(j.id()), j.spec(), j.spec().nodeSelector(), nodeId));
      }
    }
    return out;
  }

  private static StreamSlot slot(String id, JobSpec spec, java.util.SortedMap<String, String> selector, String node) {
    return new StreamSlot(id, spec.resources(), spec.zone(), null, selector, JOB_PRIORITY, null, node);
  }
}
