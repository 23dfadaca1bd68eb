package io.streamfleet.server.agents;

import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.streamfleet.protocol.v1.AgentMessage;
import io.streamfleet.protocol.v1.AgentServiceGrpc;
import io.streamfleet.protocol.v1.ServerMessage;
import io.streamfleet.server.state.StateStore;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * The agent-facing gRPC endpoint and the leader-side controllers that serve agents: sessions,
 * heartbeat liveness, placement and the push of desired assignments. Plaintext for now; the
 * server builder is the one place that changes when mTLS arrives.
 */
public final class AgentRpcServer implements AutoCloseable {
  public static final long HEARTBEAT_INTERVAL_MS = 250;

  private final Server grpc;
  private final NodeLiveness liveness;
  private final DesiredStatePusher pusher;
  private final PlacementController placement;

  private AgentRpcServer(Server grpc, NodeLiveness liveness, DesiredStatePusher pusher, PlacementController placement) {
    this.grpc = grpc;
    this.liveness = liveness;
    this.pusher = pusher;
    this.placement = placement;
  }

  public static AgentRpcServer start(String host, int port, String serverId, StateStore store, CommandSubmitter submitter,
      BooleanSupplier leader, Supplier<String> leaderId, Clock clock) throws IOException {
    NodeLiveness liveness = new NodeLiveness();
    AgentRegistry registry = new AgentRegistry();
    DesiredStatePusher pusher = new DesiredStatePusher(store, registry);
    PlacementController placement = new PlacementController(store, submitter, leader, clock);
    Supplier<String> leaderRpcAddress = () -> {
      String id = leaderId.get();
      return id == null ? null : store.read(s -> s.serverRpcAddress(id));
    };
    AgentServices services = new AgentServices(serverId, clock, submitter, liveness, registry, pusher, leader, leaderId,
        leaderRpcAddress, HEARTBEAT_INTERVAL_MS);
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
    return new AgentRpcServer(grpc, liveness, pusher, placement);
  }

  /** Called when this server becomes leader: place whatever waits. */
  public void leadershipGained() {
    placement.request();
  }

  public NodeLiveness liveness() {
    return liveness;
  }

  public int port() {
    return grpc.getPort();
  }

  @Override
  public void close() {
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
