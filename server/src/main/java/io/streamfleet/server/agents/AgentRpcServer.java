package io.streamfleet.server.agents;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.streamfleet.protocol.v1.AgentMessage;
import io.streamfleet.protocol.v1.AgentServiceGrpc;
import io.streamfleet.protocol.v1.ServerMessage;
import io.streamfleet.scheduler.RebalancePlan;
import io.streamfleet.server.failover.DetectorSettings;
import io.streamfleet.server.leader.Leader;
import io.streamfleet.server.leader.LeaderPorts;
import io.streamfleet.server.leader.LeaderThreads;
import io.streamfleet.server.leader.NodeLiveness;
import io.streamfleet.server.placement.RebalancePolicy;
import io.streamfleet.server.state.StateStore;
import io.streamfleet.server.state.WritePort;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The agent-facing gRPC endpoint: one {@link AgentConnection} per agent stream, translating
 * messages into calls on the {@link Leader}, whose controllers it builds here with the server's
 * threads, clocks and write port. Plaintext for now; the server builder is the one place that
 * changes when mTLS arrives.
 */
public final class AgentRpcServer implements AutoCloseable {
  private final Server grpc;
  private final Leader leader;
  private final LeaderThreads threads;
  private final LongAdder staleEvents;

  private AgentRpcServer(Server grpc, Leader leader, LeaderThreads threads, LongAdder staleEvents) {
    this.grpc = grpc;
    this.leader = leader;
    this.threads = threads;
    this.staleEvents = staleEvents;
  }

  /**
   * @param clock the wall clock (command stamps)
   * @param monotonic the clock for every duration (silence, leases, timers)
   */
  public static AgentRpcServer start(String host, int port, String serverId, StateStore store, WritePort writes,
      BooleanSupplier isLeader, BooleanSupplier mayGrantLeases, Supplier<String> leaderId, Clock clock, Clock monotonic, DetectorSettings failoverSettings,
      RebalancePolicy rebalancePolicy) throws IOException {
    AgentRegistry registry = new AgentRegistry();
    LeaderThreads threads = new LeaderThreads(monotonic);
    Leader leader = Leader.create(store, failoverSettings, rebalancePolicy,
        new LeaderPorts(clock, monotonic, threads::worker, threads::timers, writes, registry, isLeader));
    Supplier<String> leaderRpcAddress = () -> {
      String id = leaderId.get();
      return id == null ? null : store.read(s -> s.serverRpcAddress(id));
    };
    LongAdder staleEvents = new LongAdder();
    AgentServices services = new AgentServices(serverId, clock, writes, leader, registry, store, staleEvents, isLeader, mayGrantLeases, leaderId,
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
    return new AgentRpcServer(grpc, leader, threads, staleEvents);
  }

  public void leadershipGained() {
    leader.leadershipGained();
  }

  public void leadershipLost() {
    leader.leadershipLost();
  }

  /** A bounded rebalancing round (see {@link Leader#rebalance}). */
  public RebalancePlan rebalance(int maxMoves, boolean dryRun, String actor) {
    return leader.rebalance(maxMoves, dryRun, actor);
  }

  public NodeLiveness liveness() {
    return leader.liveness();
  }

  /** Nodes this server has declared down since it started (a false-alarm counter for benchmarks). */
  public long nodesDeclaredDown() {
    return leader.nodesDeclaredDown();
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
    threads.close();
    grpc.shutdownNow();
    try {
      grpc.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
