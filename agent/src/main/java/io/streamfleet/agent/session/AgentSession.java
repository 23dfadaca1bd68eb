package io.streamfleet.agent.session;

import io.grpc.ManagedChannel;
import io.grpc.stub.StreamObserver;
import io.streamfleet.agent.driver.ProcessorDriver;
import io.streamfleet.protocol.trace.Tracing;
import io.streamfleet.agent.events.EventOutbox;
import io.streamfleet.agent.events.ServerEventSink;
import io.streamfleet.agent.retry.Backoff;
import io.streamfleet.protocol.v1.AgentMessage;
import io.streamfleet.protocol.v1.AgentServiceGrpc;
import io.streamfleet.protocol.v1.ServerMessage;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's connection to the control plane: one gRPC bidirectional stream at a time to one of
 * the servers. Registers with a fresh incarnation, sends heartbeats, applies every desired set it
 * receives through the {@link Reconciler}, and reports processor status. When the stream breaks
 * it tries the next server after a jittered backoff; processors keep running meanwhile (edge
 * autonomy) and are reconciled when a server answers again.
 *
 * <p>{@link #close()} stops the session and every processor; it is idempotent.
 */
public final class AgentSession implements AutoCloseable {
  private volatile boolean connected;
  private static final Logger log = LoggerFactory.getLogger(AgentSession.class);
  private static final long LEASE_CHECK_MS = 25;

  private final AgentSettings settings;
  private final AgentProtocol protocol;
  private final AgentTransport transport;
  private final ServerEventSink serverEvents;
  private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("agent-heartbeat").daemon().factory());
  private final ScheduledExecutorService leaseTimer = Executors.newSingleThreadScheduledExecutor(
      Thread.ofPlatform().name("agent-lease").daemon().factory());
  private final Thread loop;
  private volatile StreamObserver<AgentMessage> up;
  private volatile ManagedChannel channel;
  private volatile boolean closed;
  /** Where the last server said the leader is; tried next, without backoff. */
  private volatile String leaderHint;

  /**
   * @param monotonicMs the clock the lease is measured on
   * @param leaseRenewed told the lease's new end (on {@code monotonicMs}) after every renewal: the
   *     lease watchdog, which kills exclusive processors even when this JVM cannot
   * @param transport opens channels to servers (mutual TLS outside development)
   * @param outbox where processor events are recorded; its stats go into heartbeats
   * @param serverEvents the outbox's sink for the server: given each registered session to send
   *     events on, and the server's EventAcks
   * @param tracing spans of the starts the leader traces
   */
  public AgentSession(AgentSettings settings, Map<String, ProcessorDriver> drivers, NodeUsageProbe usage, LongSupplier monotonicMs,
      LongConsumer leaseRenewed, AgentTransport transport, EventOutbox outbox, ServerEventSink serverEvents, Tracing tracing) {
    this.settings = settings;
    this.transport = transport;
    this.serverEvents = serverEvents;
    this.protocol = new AgentProtocol(settings, System.currentTimeMillis(), drivers, usage, this::send, monotonicMs,
        System::currentTimeMillis, leaseRenewed, task -> Thread.ofVirtual().name("stop").start(task),
        EventPorts.through(outbox, serverEvents), tracing);
    this.loop = Thread.ofPlatform().name("agent-session").unstarted(this::run);
    // The lease is checked often so that exclusive processors stop soon after it runs out; on its
    // own thread, because stopping processors must never delay a heartbeat.
    leaseTimer.scheduleAtFixedRate(protocol::checkLease, LEASE_CHECK_MS, LEASE_CHECK_MS, TimeUnit.MILLISECONDS);
  }

  public AgentSession start() {
    loop.start();
    return this;
  }

  public String nodeId() {
    return settings.nodeId();
  }

  /** Whether the agent holds a registered session with a server (the leader) now. */
  public boolean connected() {
    return connected;
  }

  public long incarnation() {
    return protocol.incarnation();
  }

  public Reconciler reconciler() {
    return protocol.reconciler();
  }

  private void run() {
    int attempt = 0;
    int next = 0;
    int hintsFollowed = 0;
    boolean everRegistered = false;
    while (!closed) {
      String hint = leaderHint;
      leaderHint = null;
      boolean followHint = hint != null && hintsFollowed < 3;
      String target = followHint ? hint : settings.servers().get(next++ % settings.servers().size());
      hintsFollowed = followHint ? hintsFollowed + 1 : 0;
      boolean registered = connectOnce(target);
      if (closed) {
        break;
      }
      if (registered) {
        hintsFollowed = 0;
      } else if (leaderHint != null && hintsFollowed < 3) {
        log.info("following the leader hint to {}", leaderHint);
        continue; // go straight to the leader
      }
      everRegistered |= registered;
      attempt = registered ? 0 : attempt + 1;
      // Until the first registration the servers are most likely still starting (a whole cluster
      // booting, `dev`): retry at least every second instead of backing off to the full cap.
      Duration cap = everRegistered ? settings.maxBackoff() : Duration.ofSeconds(1);
      Duration wait = Backoff.delay(attempt, cap, ThreadLocalRandom.current());
      log.info("session with {} ended; next attempt in {} ms", target, wait.toMillis());
      try {
        Thread.sleep(wait);
      } catch (InterruptedException e) {
        break;
      }
    }
  }

  /** One session with one server; returns whether it got as far as registering. */
  private boolean connectOnce(String target) {
    CountDownLatch ended = new CountDownLatch(1);
    boolean[] registered = {false};
    ScheduledFuture<?>[] heartbeats = {null};
    ManagedChannel ch = transport.open(target);
    channel = ch;
    try {
      StreamObserver<AgentMessage> stream = AgentServiceGrpc.newStub(ch).session(new StreamObserver<>() {
        @Override
        public void onNext(ServerMessage m) {
          protocol.received(m, new AgentProtocol.Session() {
            @Override
            public void registered(String serverId, long intervalMs) {
              registered[0] = true;
              connected = true;
              heartbeats[0] = timer.scheduleAtFixedRate(() -> send(protocol.heartbeat()), 0, intervalMs, TimeUnit.MILLISECONDS);
              StreamObserver<AgentMessage> registeredOn;
              synchronized (AgentSession.this) { // `up` is set in the same block that sent Register
                registeredOn = up;
              }
              serverEvents.sessionStarted(m -> sendOn(registeredOn, m));
              log.info("registered with server {} as {} (incarnation {})", serverId, settings.nodeId(), protocol.incarnation());
            }

            @Override
            public void notLeader(String leaderId, String address) {
              log.info("{} is not the leader (leader: {} at {})", target, leaderId.isEmpty() ? "unknown" : leaderId,
                  address.isEmpty() ? "unknown address" : address);
              if (!address.isEmpty()) {
                leaderHint = address;
              }
            }

            @Override
            public void refused(String reason) {
              log.warn("server {} refused this agent: {}", target, reason);
            }
          });
        }

        @Override
        public void onError(Throwable t) {
          if (!closed) {
            log.warn("session with {} failed: {}", target, SessionErrors.describe(t, transport == AgentTransport.PLAINTEXT));
          }
          ended.countDown();
        }

        @Override
        public void onCompleted() {
          ended.countDown();
        }
      });
      // Register goes out before anything else can: statuses are sent only once `up` is set.
      synchronized (this) {
        try {
          stream.onNext(protocol.register());
          up = stream;
        } catch (RuntimeException e) {
          log.debug("could not send Register to {}: {}", target, e.getMessage());
          ended.countDown();
        }
      }
      ended.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      connected = false;
      serverEvents.sessionEnded();
      up = null;
      if (heartbeats[0] != null) {
        heartbeats[0].cancel(false);
      }
      ch.shutdownNow();
    }
    return registered[0];
  }

  private void send(AgentMessage m) {
    StreamObserver<AgentMessage> s = up;
    if (s == null) {
      return; // not connected: status is re-sent after the next registration
    }
    synchronized (this) {
      try {
        s.onNext(m);
      } catch (RuntimeException e) {
        log.debug("send failed: {}", e.getMessage());
      }
    }
  }

  /** Sends on {@code stream} if it is still the session's; false if not (the pump sends the event again on the next). */
  private boolean sendOn(StreamObserver<AgentMessage> stream, AgentMessage m) {
    synchronized (this) {
      if (stream == null || up != stream) {
        return false;
      }
      try {
        stream.onNext(m);
        return true;
      } catch (RuntimeException e) {
        log.debug("send failed: {}", e.getMessage());
        return false;
      }
    }
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    loop.interrupt();
    StreamObserver<AgentMessage> s = up;
    if (s != null) {
      synchronized (this) {
        try {
          s.onCompleted();
        } catch (RuntimeException ignored) {
          // the channel is going away anyway
        }
      }
    }
    ManagedChannel ch = channel;
    if (ch != null) {
      ch.shutdownNow();
    }
    timer.shutdownNow();
    leaseTimer.shutdownNow();
    protocol.reconciler().close();
  }
}
