package io.streamfleet.server.agents;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.streamfleet.protocol.v1.AgentMessage;
import io.streamfleet.protocol.v1.AgentServiceGrpc;
import io.streamfleet.protocol.v1.ServerMessage;
import io.streamfleet.model.NodeState;
import io.streamfleet.scheduler.RebalancePlan;
import io.streamfleet.scheduler.Scheduler;
import io.streamfleet.server.failover.DetectorSettings;
import io.streamfleet.server.failover.ExclusiveLeases;
import io.streamfleet.server.failover.ExecutorTimers;
import io.streamfleet.server.failover.FailureDetector;
import io.streamfleet.server.placement.PlacementPlanner;
import io.streamfleet.server.placement.RebalancePolicy;
import io.streamfleet.server.state.StateStore;
import java.util.Map;
import java.util.TreeMap;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The agent-facing gRPC endpoint and the leader-side controllers that serve agents: sessions,
 * heartbeat liveness, failure detection, placement and the push of desired assignments. Plaintext for now; the
 * server builder is the one place that changes when mTLS arrives.
 */
public final class AgentRpcServer implements AutoCloseable {
  private final Server grpc;
  private final NodeLiveness liveness;
  private final DesiredStatePusher pusher;
  private final PlacementController placement;
  private final FailoverController failover;
  private final StopConfirmations confirmations;
  private final FailureDetector detector;
  private final ExclusiveLeases leases;
  private final ExecutorTimers timers;
  private final AgentRegistry registry;
  private final StateStore store;
  private final Clock monotonic;
  private final java.util.concurrent.atomic.LongAdder staleEvents;

  private AgentRpcServer(Server grpc, NodeLiveness liveness, DesiredStatePusher pusher, PlacementController placement,
      FailoverController failover, StopConfirmations confirmations, FailureDetector detector, ExclusiveLeases leases,
      ExecutorTimers timers, AgentRegistry registry, StateStore store, Clock monotonic, java.util.concurrent.atomic.LongAdder staleEvents) {
    this.grpc = grpc;
    this.liveness = liveness;
    this.pusher = pusher;
    this.placement = placement;
    this.failover = failover;
    this.confirmations = confirmations;
    this.detector = detector;
    this.leases = leases;
    this.timers = timers;
    this.registry = registry;
    this.store = store;
    this.monotonic = monotonic;
    this.staleEvents = staleEvents;
  }

  public static AgentRpcServer start(String host, int port, String serverId, StateStore store, CommandSubmitter submitter,
      BooleanSupplier leader, Supplier<String> leaderId, Clock clock, Clock monotonic, DetectorSettings failoverSettings,
      RebalancePolicy rebalancePolicy) throws IOException {
    NodeLiveness liveness = new NodeLiveness();
    java.util.concurrent.atomic.LongAdder staleEvents = new java.util.concurrent.atomic.LongAdder();
    Measurements measurements = new Measurements(liveness);
    AgentRegistry registry = new AgentRegistry();
    DesiredStatePusher pusher = new DesiredStatePusher(store, registry);
    PlacementPlanner planner = new PlacementPlanner(new Scheduler());
    ExclusiveLeases leases = new ExclusiveLeases(failoverSettings);
    PlacementController placement = new PlacementController(store, submitter, planner, leases, measurements, leader, clock,
        monotonic, rebalancePolicy);
    FailoverController failover = new FailoverController(store, submitter, planner, leases, measurements, registry, pusher, leader,
        clock, monotonic);
    // Silence, leases and timers are durations: measured on the monotonic clock, never the wall clock.
    ExecutorTimers timers = new ExecutorTimers(monotonic, "failure-detector");
    FailureDetector detector = new FailureDetector(failoverSettings, monotonic, timers, failover);
    StopConfirmations confirmations = new StopConfirmations(store, submitter, leader, clock);
    Supplier<String> leaderRpcAddress = () -> {
      String id = leaderId.get();
      return id == null ? null : store.read(s -> s.serverRpcAddress(id));
    };
    AgentServices services = new AgentServices(serverId, clock, submitter, liveness, registry, pusher, confirmations, detector,
        store, staleEvents, leader, leaderId,
        leaderRpcAddress, failoverSettings.heartbeatIntervalMs(), failoverSettings.leaseMs());
    Server grpc = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        .permitKeepAliveTime(5, TimeUnit.SECONDS)
        .addService(new AgentServiceGrpc.AgentServiceImplBase() {
          @Override
          public StreamObserver<AgentMessage> session(StreamObserver<ServerMessage> out) {
            return new AgentConnection(out, services);
          }
        })
        .build()
        .start();
    store.onChange(() -> {
      pusher.requestPush();
      placement.request();
    });
    placement.request();
    return new AgentRpcServer(grpc, liveness, pusher, placement, failover, confirmations, detector, leases, timers, registry, store,
        monotonic, staleEvents);
  }

  /**
   * This server became leader: watch every live node of the committed state (each gets the
   * leader grace to reconnect here), hold exclusive streams for a lease, and place what waits.
   */
  public void leadershipGained() {
    Map<String, Long> live = new TreeMap<>();
    store.read(s -> {
      s.nodes().stream().filter(n -> n.state() != NodeState.DOWN && n.state() != NodeState.DRAINED)
          .forEach(n -> live.put(n.id(), n.incarnation()));
      return null;
    });
    leases.becameLeader(monotonic.millis());
    detector.becameLeader(live);
    placement.request();
  }

  /** This server stopped leading: stop judging nodes and send agents to the new leader. */
  public void leadershipLost() {
    detector.lostLeadership();
    registry.closeAll("this server is no longer the leader");
  }

  /** A bounded rebalancing round (see {@link PlacementController#rebalance}). */
  public RebalancePlan rebalance(int maxMoves, boolean dryRun, String actor) {
    return placement.rebalance(maxMoves, dryRun, actor);
  }

  public NodeLiveness liveness() {
    return liveness;
  }

  /** Nodes this server has declared down since it started (a false-alarm counter for benchmarks). */
  public long nodesDeclaredDown() {
    return failover.downCount();
  }

  /** Processor events dropped because their epoch was no longer the stream's current one. */
  public long staleEventsDropped() {
    return staleEvents.sum();
  }

  public int port() {
    return grpc.getPort();
  }

  @Override
  public void close() {
    timers.close();
    failover.close();
    confirmations.close();
    placement.close();
    pusher.close();
    grpc.shutdownNow();
    try {
      grpc.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
