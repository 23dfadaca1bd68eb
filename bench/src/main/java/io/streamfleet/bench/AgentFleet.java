package io.streamfleet.bench;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.netty.shaded.io.grpc.netty.NettyChannelBuilder;
import io.grpc.netty.shaded.io.netty.handler.ssl.SslContext;
import io.grpc.stub.StreamObserver;
import io.streamfleet.protocol.tls.CertificateRequests;
import io.streamfleet.protocol.tls.GrpcTls;
import io.streamfleet.protocol.tls.Identities;
import io.streamfleet.protocol.tls.Pem;
import io.streamfleet.protocol.tls.TlsIdentity;
import io.streamfleet.protocol.v1.AgentMessage;
import io.streamfleet.protocol.v1.AgentServiceGrpc;
import io.streamfleet.protocol.v1.CertificateReply;
import io.streamfleet.protocol.v1.Heartbeat;
import io.streamfleet.protocol.v1.JoinRequest;
import io.streamfleet.protocol.v1.Register;
import io.streamfleet.protocol.v1.Resources;
import io.streamfleet.protocol.v1.ServerMessage;
import java.security.KeyPair;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * Many lightweight agent sessions in one JVM, for control-plane load: each joins (TLS) or not,
 * registers, heartbeats at the interval the server asks for, follows leader hints and reconnects
 * after a lost session. No processors: this measures the control plane, not the data plane.
 */
final class AgentFleet implements AutoCloseable {
  private final List<Session> sessions = new ArrayList<>();
  private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2, Thread.ofPlatform().daemon().factory());
  private final List<String> servers;
  private final Registration registration;

  /**
   * What every session of a fleet registers with.
   *
   * @param execAllowed the node runs exec processors, so job attempts (FFmpeg) may be placed on it
   */
  record Registration(int cpuMillis, int memoryMb, boolean execAllowed) {
    /** What fleets registered with before jobs: 1 core, 1 GiB, no exec processors. */
    static final Registration DEFAULT = new Registration(1000, 1024, false);
  }

  private AgentFleet(List<String> servers, Registration registration) {
    this.servers = List.copyOf(servers);
    this.registration = registration;
  }

  /**
   * @param joinToken a token for {@code count} agents, or null for plaintext sessions
   */
  static AgentFleet start(int count, List<String> servers, String joinToken) throws Exception {
    return start(count, servers, joinToken, Registration.DEFAULT);
  }

  /**
   * @param joinToken a token for {@code count} agents, or null for plaintext sessions
   * @param registration the capacity and exec policy every session registers with
   */
  static AgentFleet start(int count, List<String> servers, String joinToken, Registration registration) throws Exception {
    AgentFleet fleet = new AgentFleet(servers, registration);
    List<SslContext> contexts = new ArrayList<>();
    if (joinToken != null) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<SslContext>> joins = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        String node = "sim-" + i;
        joins.add(pool.submit(() -> join(servers, node, joinToken)));
      }
      for (Future<SslContext> f : joins) {
        contexts.add(f.get());
      }
      pool.shutdown();
    }
    for (int i = 0; i < count; i++) {
      Session s = fleet.new Session("sim-" + i, joinToken == null ? null : contexts.get(i));
      fleet.sessions.add(s);
      s.connect(servers.get(i % servers.size()));
    }
    return fleet;
  }

  private static SslContext join(List<String> servers, String node, String token) throws Exception {
    SslContext pinned = GrpcTls.pinned(token.split("\\.")[3]);
    KeyPair keys = TlsIdentity.newKeyPair();
    for (int attempt = 0; ; attempt++) {
      ManagedChannel ch = builder(servers.get(attempt % servers.size())).sslContext(pinned)
          .overrideAuthority(Identities.SERVER_NAME).build();
      try {
        CertificateReply r = AgentServiceGrpc.newBlockingStub(ch).withDeadlineAfter(30, TimeUnit.SECONDS).join(JoinRequest.newBuilder()
            .setToken(token).setNodeId(node).setCsr(ByteString.copyFrom(CertificateRequests.create(keys, node))).build());
        return GrpcTls.client(new TlsIdentity(keys.getPrivate(), Pem.certificates(r.getCertificatePem()), Pem.certificates(r.getCaPem()).get(0)));
      } catch (io.grpc.StatusRuntimeException e) {
        if (attempt > 20) {
          throw e;
        }
        Thread.sleep(200);
      } finally {
        ch.shutdownNow();
      }
    }
  }

  /** host:port by address (the shaded benchmark jar has no DNS name resolver registered). */
  private static NettyChannelBuilder builder(String hostPort) {
    int colon = hostPort.lastIndexOf(':');
    return NettyChannelBuilder.forAddress(new java.net.InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))));
  }

  int registered() {
    return (int) sessions.stream().filter(s -> s.registered).count();
  }

  /** Sessions registered (again) after {@code sinceNanos}. */
  long[] registeredSince(long sinceNanos) {
    return sessions.stream().filter(s -> s.registeredAtNanos > sinceNanos).mapToLong(s -> s.registeredAtNanos - sinceNanos).toArray();
  }

  @Override
  public void close() {
    timer.shutdownNow();
    sessions.forEach(Session::close);
  }

  /** The fleet's sessions, in start order. */
  List<Session> sessions() {
    return List.copyOf(sessions);
  }

  /** One simulated agent session. */
  final class Session {
    final String nodeId;
    /** The instances the leader last told this node to run. */
    volatile List<io.streamfleet.protocol.v1.DesiredInstance> assigned = List.of();
    /** Told every desired set, after {@link #assigned} took it (on the session's gRPC thread: keep it short). */
    volatile java.util.function.Consumer<io.streamfleet.protocol.v1.DesiredAssignments> onDesired = d -> { };
    /** Told every EventAck's offset. */
    volatile java.util.function.LongConsumer onEventAck = offset -> { };
    final SslContext tls;
    final long incarnation = System.nanoTime();
    volatile boolean registered;
    volatile long registeredAtNanos;
    volatile boolean closed;
    volatile ManagedChannel channel;
    volatile StreamObserver<AgentMessage> up;
    volatile java.util.concurrent.ScheduledFuture<?> beats;
    int next;

    Session(String nodeId, SslContext tls) {
      this.nodeId = nodeId;
      this.tls = tls;
    }

    synchronized void connect(String target) {
      if (closed) {
        return;
      }
      NettyChannelBuilder b = builder(target);
      ManagedChannel ch = (tls == null ? b.usePlaintext() : b.sslContext(tls).overrideAuthority(Identities.SERVER_NAME)).build();
      channel = ch;
      StreamObserver<AgentMessage> stream = AgentServiceGrpc.newStub(ch).session(new StreamObserver<ServerMessage>() {
        @Override
        public void onNext(ServerMessage m) {
          if (m.hasRegistered()) {
            registered = true;
            registeredAtNanos = System.nanoTime();
            long interval = Math.max(50, m.getRegistered().getHeartbeatIntervalMs());
            beats = timer.scheduleAtFixedRate(() -> send(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder()
                .setSentAtMs(System.currentTimeMillis()).setSentAtMonoMs(System.nanoTime() / 1_000_000)).build()), 0, interval, TimeUnit.MILLISECONDS);
          } else if (m.hasDesired()) {
            assigned = List.copyOf(m.getDesired().getInstancesList());
            onDesired.accept(m.getDesired());
          } else if (m.hasEventAck()) {
            onEventAck.accept(m.getEventAck().getUpToOffset());
          } else if (m.hasNotLeader()) {
            String hint = m.getNotLeader().getLeaderRpcAddress();
            reconnect(ch, hint.isEmpty() ? null : hint);
          } else if (m.hasRefused()) {
            reconnect(ch, null);
          }
        }

        @Override
        public void onError(Throwable t) {
          reconnect(ch, null);
        }

        @Override
        public void onCompleted() {
          reconnect(ch, null);
        }
      });
      up = stream;
      send(AgentMessage.newBuilder().setRegister(Register.newBuilder().setNodeId(nodeId).setIncarnation(incarnation)
          .setCapacity(Resources.newBuilder().setCpuMillis(registration.cpuMillis()).setMemoryMb(registration.memoryMb()))
          .setExecAllowed(registration.execAllowed()).setNodeClass("server")).build());
    }

    /** Sends one processor event, as an agent's server sink does. */
    void sendEvent(io.streamfleet.protocol.v1.ProcessorEvent e) {
      send(AgentMessage.newBuilder().setEvent(e).build());
    }

    /** Reports a processor's (or a job attempt's) state, as an agent's supervisor does. */
    void sendStatus(io.streamfleet.protocol.v1.ProcessorStatus s) {
      send(AgentMessage.newBuilder().setStatus(s).build());
    }

    /** Reports how a job attempt ended. */
    void sendJobOutcome(io.streamfleet.protocol.v1.JobOutcome o) {
      send(AgentMessage.newBuilder().setJobOutcome(o).build());
    }

    private void send(AgentMessage m) {
      StreamObserver<AgentMessage> s = up;
      if (s != null) {
        synchronized (this) {
          try {
            s.onNext(m);
          } catch (RuntimeException e) {
            // the session is going away; reconnect handles it
          }
        }
      }
    }

    /** Replaces the session on {@code from}, once: later callbacks of an abandoned channel do nothing. */
    private synchronized void reconnect(ManagedChannel from, String hint) {
      if (closed || from != channel) {
        return;
      }
      registered = false;
      if (beats != null) {
        beats.cancel(false);
      }
      ManagedChannel old = channel;
      channel = null;
      up = null;
      if (old != null) {
        old.shutdownNow();
      }
      String target = hint != null ? hint : servers.get(++next % servers.size());
      timer.schedule(() -> connect(target), hint != null ? 0 : 50 + ThreadLocalRandom.current().nextInt(150), TimeUnit.MILLISECONDS);
    }

    synchronized void close() {
      closed = true;
      if (channel != null) {
        channel.shutdownNow();
      }
    }
  }
}
