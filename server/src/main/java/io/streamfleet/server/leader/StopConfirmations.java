package io.streamfleet.server.leader;

import io.streamfleet.model.AssignmentState;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.ReportJobs;
import io.streamfleet.model.command.ReportStatuses;
import io.streamfleet.model.job.JobIds;
import io.streamfleet.model.job.JobRecord;
import io.streamfleet.protocol.v1.Heartbeat;
import io.streamfleet.protocol.v1.ProcessorUsage;
import io.streamfleet.server.state.ClusterState;
import io.streamfleet.server.state.StateStore;
import io.streamfleet.server.state.StopFence;
import io.streamfleet.server.state.WritePort;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader-only: lifts the {@link StopFence} of an exclusive instance when its node's heartbeat
 * proves it dead. A heartbeat lists every instance still alive on the node (stopping ones too)
 * and the state index of the last desired set the agent applied; once that set was built after
 * the fence (so it no longer holds the instance) and no instance of that epoch or an older one is
 * listed, the instance is
 * gone and can never come back (the agent never starts an epoch it was told to drop). The usual
 * proof is the agent's own STOPPED report; this one covers an instance that never started, or a
 * report lost with a session. Heartbeats are only noted on their hot path; the check runs on its
 * own thread, coalesced.
 */
public final class StopConfirmations {
  private static final Logger log = LoggerFactory.getLogger(StopConfirmations.class);

  private final StateStore store;
  private final WritePort writes;
  private final BooleanSupplier leader;
  private final Clock wallClock;
  private final Map<String, Heartbeat> latest = new ConcurrentHashMap<>();
  private final AtomicBoolean scheduled = new AtomicBoolean();
  private final Executor worker;

  StopConfirmations(StateStore store, LeaderPorts ports) {
    this.store = store;
    this.writes = ports.writes();
    this.leader = ports.isLeader();
    this.wallClock = ports.wallClock();
    this.worker = ports.workers().apply("stop-confirmations");
  }

  /** Notes {@code h}; lock-free. */
  public void heartbeat(String nodeId, Heartbeat h) {
    latest.put(nodeId, h);
    if (scheduled.compareAndSet(false, true)) {
      worker.execute(this::check);
    }
  }

  public void forget(String nodeId) {
    latest.remove(nodeId);
  }

  private void check() {
    scheduled.set(false);
    if (!leader.getAsBoolean()) {
      return;
    }
    Map<String, List<ReportJobs.Item>> provenJobs = store.read(this::provenJobsDead);
    provenJobs.forEach((node, items) -> {
      try {
        writes.submit(new ReportJobs(new CommandMeta(wallClock.millis(), "agent:" + node, "leader"), node, items));
        log.info("node {} no longer runs {} job attempt(s) it was told to stop", node, items.size());
      } catch (RuntimeException e) {
        log.warn("could not record the stop of job attempts {} on {}: {}", items, node, e.getMessage());
      }
    });
    Map<String, List<ReportStatuses.Item>> proven = store.read(this::provenDead);
    proven.forEach((node, items) -> {
      try {
        writes.submit(new ReportStatuses(new CommandMeta(wallClock.millis(), "agent:" + node, "leader"), node, items));
        log.info("node {} no longer runs {} exclusive instance(s) it was told to stop: {}", node, items.size(),
            items.stream().map(i -> i.streamId() + "@" + i.epoch()).toList());
      } catch (RuntimeException e) {
        log.warn("could not record the stop of {} on {}: {}", items, node, e.getMessage());
      }
    });
  }

  /** The fenced instances that the nodes' latest heartbeats prove dead, by node. */
  Map<String, List<ReportStatuses.Item>> provenDead(ClusterState state) {
    Map<String, List<ReportStatuses.Item>> out = new TreeMap<>();
    for (StopFence f : state.fences()) {
      Heartbeat h = latest.get(f.node());
      if (h != null && h.getDesiredIndex() >= f.sinceIndex() && !lists(h, f)) {
        out.computeIfAbsent(f.node(), n -> new ArrayList<>()).add(new ReportStatuses.Item(f.streamId(), f.epoch(),
            AssignmentState.STOPPING, "not running on " + f.node() + " after its desired set of index " + h.getDesiredIndex(), 0));
      }
    }
    return out;
  }

  /** The fenced job attempts that the nodes' latest heartbeats prove dead, by node (the same proof as for streams). */
  Map<String, List<ReportJobs.Item>> provenJobsDead(ClusterState state) {
    Map<String, List<ReportJobs.Item>> out = new TreeMap<>();
    for (JobRecord j : state.fencedJobs()) {
      JobRecord.Fence f = j.fence();
      Heartbeat h = latest.get(f.node());
      if (h != null && h.getDesiredIndex() >= f.sinceIndex()
          && !lists(h, new StopFence(JobIds.instanceId(j.id()), f.node(), f.epoch(), f.sinceIndex()))) {
        out.computeIfAbsent(f.node(), n -> new ArrayList<>()).add(new ReportJobs.Item(j.id(), f.epoch(), ReportJobs.STOPPED,
            "not running on " + f.node() + " after its desired set of index " + h.getDesiredIndex(), null));
      }
    }
    return out;
  }

  /**
   * Whether the heartbeat lists an instance of the fenced stream at the fenced epoch or an older
   * one: an older epoch may still be stopping there (a spec change started a new epoch on the same
   * node, which the agent holds back until the old one is gone, and then the stream was evicted;
   * found by the simulation, seed 5773).
   */
  private static boolean lists(Heartbeat h, StopFence f) {
    for (ProcessorUsage u : h.getProcessorsList()) {
      if (u.getStreamId().equals(f.streamId()) && u.getEpoch() <= f.epoch()) {
        return true;
      }
    }
    return false;
  }
}
