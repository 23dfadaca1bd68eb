package io.streamfleet.server.agents;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.streamfleet.protocol.v1.CertificateReply;
import io.streamfleet.protocol.v1.JoinRequest;
import io.streamfleet.protocol.v1.RenewRequest;
import io.streamfleet.server.security.ServerTls;
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
import io.streamfleet.server.tracing.StreamTraces;
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
  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(AgentRpcServer.class);
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
   * @param tls this server's TLS, or null for plaintext (development mode): with it, sessions
   *     must present a node certificate naming the node they register, and new nodes join with
   *     tokens
   * @param nodeCertValidity how long the node certificates this server issues are valid
   * @param traces where placements and pushes find a stream's trace
   */
  public static AgentRpcServer start(String host, int port, String serverId, StateStore store, WritePort writes,
      BooleanSupplier isLeader, BooleanSupplier mayGrantLeases, Supplier<String> leaderId, Clock clock, Clock monotonic, DetectorSettings failoverSettings,
      RebalancePolicy rebalancePolicy, io.streamfleet.server.leader.JobSettings jobSettings, ServerTls tls, java.time.Duration nodeCertValidity,
      StreamTraces traces)
      throws IOException {
    AgentRegistry registry = new AgentRegistry();
    LeaderThreads threads = new LeaderThreads(monotonic);
    Leader leader = Leader.create(store, failoverSettings, rebalancePolicy, jobSettings,
        new LeaderPorts(clock, monotonic, threads::worker, threads::timers, writes, registry, isLeader, traces));
    Supplier<String> leaderRpcAddress = () -> {
      String id = leaderId.get();
      return id == null ? null : store.read(s -> s.serverRpcAddress(id));
    };
    LongAdder staleEvents = new LongAdder();
    AgentServices services = new AgentServices(serverId, clock, writes, leader, registry, store, staleEvents, isLeader, mayGrantLeases, leaderId,
        leaderRpcAddress, failoverSettings.heartbeatIntervalMs(), failoverSettings.leaseMs());
    NodeEnrollment enrollment = tls == null ? null : new NodeEnrollment(tls.ca(), writes, store, clock, nodeCertValidity, serverId);
    NettyServerBuilder builder = NettyServerBuilder.forAddress(new InetSocketAddress(host, port))
        .permitKeepAliveTime(5, TimeUnit.SECONDS)
        .maxInboundMessageSize(4 << 20)
        .intercept(PeerCertificate.interceptor())
        .addService(new AgentServiceGrpc.AgentServiceImplBase() {
          @Override
          public StreamObserver<AgentMessage> session(StreamObserver<ServerMessage> out) {
            NodeAuthentication auth = tls == null ? NodeAuthentication.NONE : NodeAuthentication.byCertificate(PeerCertificate.current(), store);
            return new AgentConnection(out, services, new SerialExecutor("agent-session"), auth);
          }

          @Override
          public void join(JoinRequest request, StreamObserver<CertificateReply> out) {
            answer(out, () -> enrollment(enrollment).join(request));
          }

          @Override
          public void renew(RenewRequest request, StreamObserver<CertificateReply> out) {
            PeerCertificate peer = PeerCertificate.current();
            answer(out, () -> enrollment(enrollment).renew(request, peer));
          }
        });
    if (tls != null) {
      builder.sslContext(tls.agentRpc());
    }
    Server grpc = builder.build().start();
    return new AgentRpcServer(grpc, leader, threads, staleEvents);
  }

  private static NodeEnrollment enrollment(NodeEnrollment e) {
    if (e == null) {
      throw io.grpc.Status.FAILED_PRECONDITION.withDescription("this server runs without TLS (development mode); agents connect without joining")
          .asRuntimeException();
    }
    return e;
  }

  /** Runs a unary call on a virtual thread (it waits for a Raft commit), answering errors as gRPC status. */
  private static void answer(StreamObserver<CertificateReply> out, Supplier<CertificateReply> call) {
    Thread.ofVirtual().name("agent-enrollment").start(io.grpc.Context.current().wrap(() -> {
      try {
        out.onNext(call.get());
        out.onCompleted();
      } catch (io.grpc.StatusRuntimeException e) {
        out.onError(e);
      } catch (RuntimeException e) {
        log.warn("enrollment failed", e);
        out.onError(io.grpc.Status.INTERNAL.withDescription("enrollment failed; the server log has the details").asRuntimeException());
      }
    }));
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

  public io.streamfleet.server.leader.FailoverTimes failoverTimes() {
    return leader.failoverTimes();
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
