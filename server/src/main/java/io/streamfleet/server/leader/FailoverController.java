package io.streamfleet.server.leader;

import io.opentelemetry.api.trace.Span;
import io.streamfleet.model.NodeState;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.NodeDown;
import io.streamfleet.model.command.NodeHealth;
import io.streamfleet.server.failover.FailureDetector;
import io.streamfleet.server.placement.PlacementPlanner;
import io.streamfleet.server.state.StateStore;
import io.streamfleet.server.state.WritePort;
import io.streamfleet.server.tracing.StreamTraces;
import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader-only: turns the failure detector's verdicts into commands. A down verdict becomes one
 * {@code node.down} that also re-places the node's streams (the fast path), followed at once by a
 * push of the new desired sets. Verdicts are handled in order on one worker, off the detector's
 * timers, so a Raft commit never delays the next timer.
 */
final class FailoverController implements FailureDetector.Verdicts {
  private static final Logger log = LoggerFactory.getLogger(FailoverController.class);

  private final StateStore store;
  private final WritePort writes;
  private final PlacementPlanner planner;
  private final ExclusiveLeases leases;
  private final Measurements measurements;
  private final AgentSessions sessions;
  private final DesiredStatePusher pusher;
  private final BooleanSupplier leader;
  private final Clock clock;
  private final Clock monotonic;
  private final Executor worker;
  private final AtomicLong downs = new AtomicLong();
  private final FailoverTimes times;
  private final StreamTraces traces;

  FailoverController(StateStore store, PlacementPlanner planner, ExclusiveLeases leases, Measurements measurements,
      DesiredStatePusher pusher, FailoverTimes times, LeaderPorts ports) {
    this.store = store;
    this.times = times;
    this.writes = ports.writes();
    this.planner = planner;
    this.leases = leases;
    this.measurements = measurements;
    this.sessions = ports.sessions();
    this.pusher = pusher;
    this.leader = ports.isLeader();
    this.clock = ports.wallClock();
    this.monotonic = ports.monotonicClock();
    this.worker = ports.workers().apply("failover");
    this.traces = ports.traces();
  }

  /** How many nodes this server has declared down since it started. */
  long downCount() {
    return downs.get();
  }

  @Override
  public void suspect(String nodeId, long incarnation, String reason) {
    health(nodeId, incarnation, NodeState.SUSPECT, reason);
  }

  @Override
  public void ready(String nodeId, long incarnation, String reason) {
    health(nodeId, incarnation, NodeState.READY, reason);
  }

  private void health(String nodeId, long incarnation, NodeState state, String reason) {
    run(() -> {
      CommandResult r = writes.submit(new NodeHealth(meta(), nodeId, incarnation, state, reason));
      if (r.isOk()) {
        log.info("node {} is {}: {}", nodeId, state.wireName(), reason);
      }
    });
  }

  /**
   * After a registration: makes the committed node state agree with the detector's verdict. A
   * suspect verdict taken before the node registered again may be committed after it, and the
   * detector, which then sees a healthy node, would never say "ready" again (found by the
   * simulation, seed 2571). Queued behind every earlier verdict on the same worker.
   */
  void reassert(String nodeId, long incarnation, FailureDetector detector) {
    run(() -> {
      NodeState want = detector.verdict(nodeId, incarnation);
      NodeState committed = store.read(s -> s.node(nodeId) == null ? null : s.node(nodeId).state());
      if (want == NodeState.READY && committed == NodeState.SUSPECT) {
        CommandResult r = writes.submit(new NodeHealth(meta(), nodeId, incarnation, NodeState.READY, "registered again; heartbeats arrive"));
        if (r.isOk()) {
          log.info("node {} is ready again after registering", nodeId);
        }
      }
    });
  }

  /** @param lastHeardMs on the detector's monotonic clock, like the leases */
  @Override
  public void down(String nodeId, long incarnation, String reason, long lastHeardMs) {
    long detectedAt = monotonic.millis();
    run(() -> {
      // Its exclusive streams are fenced by the command; ExclusiveLeases frees them once the
      // node's lease has run out (it renews no more: the detector no longer acknowledges it).
      NodeDown command = store.read(s -> planner.nodeDown(s, nodeId, incarnation, reason, id -> measurements.of(s, id), meta()));
      java.util.Map<String, Long> held = store.read(s -> s.assignments().stream().filter(a -> nodeId.equals(a.node()))
          .collect(java.util.stream.Collectors.toMap(io.streamfleet.model.Assignment::streamId, io.streamfleet.model.Assignment::epoch)));
      Span trace = traces.failover(nodeId, reason);
      java.util.List<Span> placements = command.placements().stream().filter(p -> held.containsKey(p.streamId()))
          .map(p -> traces.placing(p.streamId(), held.get(p.streamId()) + 1, p.node(), trace.getSpanContext())).toList();
      CommandResult result;
      try {
        result = writes.submit(command);
      } finally {
        // The detector has stopped watching the node either way: its session must not stay open.
        sessions.close(nodeId, incarnation, "declared down: " + reason);
        placements.forEach(Span::end);
        trace.end();
      }
      if (!result.isOk()) {
        log.info("node {} not declared down: {}", nodeId, result.message());
        return;
      }
      downs.incrementAndGet();
      times.nodeDown(nodeId, lastHeardMs, java.util.List.copyOf(held.keySet()));
      pusher.requestPush();
      log.warn("node {} is down ({}): {} stream(s) moved in {} ms, {} waiting", nodeId, reason, result.version(),
          monotonic.millis() - detectedAt, command.placements().size() - result.version());
    });
  }

  private void run(Runnable r) {
    worker.execute(() -> {
      if (!leader.getAsBoolean()) {
        return;
      }
      try {
        r.run();
      } catch (RuntimeException e) {
        log.warn("failover command not applied: {}", e.getMessage());
      }
    });
  }

  private CommandMeta meta() {
    return new CommandMeta(clock.millis(), "failure-detector", "leader");
  }
}
