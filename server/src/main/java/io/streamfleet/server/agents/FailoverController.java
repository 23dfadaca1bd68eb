package io.streamfleet.server.agents;

import io.streamfleet.model.NodeState;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.NodeDown;
import io.streamfleet.model.command.NodeHealth;
import io.streamfleet.server.failover.ExclusiveLeases;
import io.streamfleet.server.failover.FailureDetector;
import io.streamfleet.server.placement.PlacementPlanner;
import io.streamfleet.server.state.StateStore;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader-only: turns the failure detector's verdicts into commands. A down verdict becomes one
 * {@code node.down} that also re-places the node's streams (the fast path), followed at once by a
 * push of the new desired sets. Verdicts are handled in order on one thread, off the detector's
 * timer thread, so a Raft commit never delays the next timer.
 */
final class FailoverController implements FailureDetector.Verdicts, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(FailoverController.class);

  private final StateStore store;
  private final CommandSubmitter submitter;
  private final PlacementPlanner planner;
  private final ExclusiveLeases leases;
  private final Measurements measurements;
  private final AgentRegistry registry;
  private final DesiredStatePusher pusher;
  private final BooleanSupplier leader;
  private final Clock clock;
  private final Clock monotonic;
  private final ExecutorService worker = Executors.newSingleThreadExecutor(Thread.ofPlatform().name("failover").daemon().factory());
  private final AtomicLong downs = new AtomicLong();

  FailoverController(StateStore store, CommandSubmitter submitter, PlacementPlanner planner, ExclusiveLeases leases,
      Measurements measurements, AgentRegistry registry, DesiredStatePusher pusher, BooleanSupplier leader, Clock clock,
      Clock monotonic) {
    this.store = store;
    this.submitter = submitter;
    this.planner = planner;
    this.leases = leases;
    this.measurements = measurements;
    this.registry = registry;
    this.pusher = pusher;
    this.leader = leader;
    this.clock = clock;
    this.monotonic = monotonic;
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
      submitter.submit(new NodeHealth(meta(), nodeId, incarnation, state, reason));
      log.info("node {} is {}: {}", nodeId, state.wireName(), reason);
    });
  }

  /** @param lastHeardMs on the detector's monotonic clock, like the leases */
  @Override
  public void down(String nodeId, long incarnation, String reason, long lastHeardMs) {
    long detectedAt = monotonic.millis();
    run(() -> {
      NodeDown command = store.read(s -> {
        leases.releaseStreamsOf(s, nodeId, lastHeardMs);
        return planner.nodeDown(s, nodeId, incarnation, reason, id -> measurements.of(s, id), meta());
      });
      CommandResult result;
      try {
        result = submitter.submit(command);
      } finally {
        // The detector has stopped watching the node either way: its session must not stay open.
        registry.closeSession(nodeId, incarnation, "declared down: " + reason);
      }
      downs.incrementAndGet();
      pusher.requestPush();
      log.warn("node {} is down ({}): {} stream(s) moved in {} ms, {} waiting", nodeId, reason, result.version(),
          monotonic.millis() - detectedAt, command.placements().size() - result.version());
    });
  }

  private void run(Runnable r) {
    if (worker.isShutdown()) {
      return;
    }
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

  @Override
  public void close() {
    worker.shutdownNow();
  }
}
