package io.streamfleet.server;

import io.streamfleet.model.command.AnnounceServer;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.server.agents.AgentRpcServer;
import io.streamfleet.server.api.CommandGateway;
import io.streamfleet.server.api.HttpApi;
import io.streamfleet.server.events.EventSignal;
import io.streamfleet.server.events.EventDeliveries;
import io.streamfleet.server.metrics.ServerMetrics;
import io.streamfleet.server.raft.AppliedIndex;
import io.streamfleet.server.raft.CorruptDataException;
import io.streamfleet.server.raft.LeadershipListener;
import io.streamfleet.server.raft.RaftNode;
import io.streamfleet.server.raft.RaftWritePort;
import io.streamfleet.server.raft.StreamfleetStateMachine;
import io.streamfleet.server.state.StateStore;
import io.streamfleet.server.tracing.CommandTracing;
import io.streamfleet.server.tracing.StreamTraces;
import io.streamfleet.protocol.trace.Tracing;
import io.streamfleet.server.api.ApiSecurity;
import io.streamfleet.server.security.Authenticator;
import io.streamfleet.server.security.BootstrapToken;
import io.streamfleet.server.security.ClusterCa;
import io.streamfleet.server.security.ServerTls;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.LinkedHashSet;
import java.util.Set;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.ratis.util.ExitUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One control-plane server: data directory, Raft node with the state machine, and the HTTP API.
 *
 * <p>Startup either completes or leaves nothing running and nothing changed on disk: every
 * failure is reported as a {@link StartupException} that says why and what to do. {@link
 * #close()} is idempotent.
 */
public final class StreamfleetServer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(StreamfleetServer.class);

  static {
    // Ratis would otherwise System.exit() on a failed bind and on any uncaught exception.
    ExitUtils.disableSystemExit();
  }

  private final ServerConfig config;
  private final DataDirectory dataDir;
  private final RaftNode raft;
  private final ServerMetrics metrics;
  private final HttpApi http;
  private final AgentRpcServer agents;
  private final AppliedIndex applied;
  private final EventDeliveries deliveries;
  private final Tracing tracing;
  private volatile boolean closed;

  private StreamfleetServer(ServerConfig config, DataDirectory dataDir, RaftNode raft, ServerMetrics metrics, HttpApi http,
      AgentRpcServer agents, AppliedIndex applied, EventDeliveries deliveries, Tracing tracing) {
    this.deliveries = deliveries;
    this.tracing = tracing;
    this.config = config;
    this.dataDir = dataDir;
    this.raft = raft;
    this.metrics = metrics;
    this.http = http;
    this.agents = agents;
    this.applied = applied;
  }

  public static StreamfleetServer start(ServerConfig config, Clock clock) throws StartupException {
    try {
      config.validate();
    } catch (IllegalArgumentException e) {
      throw new StartupException(e.getMessage());
    }
    requireOneCa(config);
    DataDirectory dataDir = DataDirectory.open(config.dataDir(), config.id(), config.clusterName());
    StateStore store = new StateStore();
    AppliedIndex applied = new AppliedIndex();
    RaftNode raft = null;
    ServerMetrics metrics = null;
    AgentRpcServer agents = null;
    AtomicReference<AgentRpcServer> agentsRef = new AtomicReference<>();
    AtomicReference<EventDeliveries> deliveriesRef = new AtomicReference<>();
    Tracing tracing = Tracing.start("streamfleet-server", config.id(), config.otlpEndpoint());
    StreamTraces streamTraces = new StreamTraces(tracing, io.streamfleet.server.failover.MonotonicClock.system()::millis);
    CommandTracing commandTracing = new CommandTracing(tracing, config.id(), streamTraces);
    try {
      LeadershipListener leadership = new LeadershipListener() {
        @Override
        public void leadershipGained() {
          AgentRpcServer a = agentsRef.get();
          if (a != null) {
            a.leadershipGained();
          }
          EventDeliveries m = deliveriesRef.get();
          if (m != null) {
            m.leadershipGained();
          }
        }

        @Override
        public void leadershipLost() {
          AgentRpcServer a = agentsRef.get();
          if (a != null) {
            a.leadershipLost();
          }
          EventDeliveries m = deliveriesRef.get();
          if (m != null) {
            m.leadershipLost();
          }
        }
      };
      StreamfleetStateMachine sm = new StreamfleetStateMachine(store, applied, leadership, commandTracing);
      SecureRandom random = new SecureRandom();
      ServerTls tls = config.security().insecure() ? null : serverTls(config, dataDir, clock, random);
      raft = RaftNode.start(config, dataDir.raftDir(), sm, tls == null ? null : tls.raft());
      metrics = new ServerMetrics(store);
      RaftWritePort writes = new RaftWritePort(raft, applied, metrics, config.writeTimeout(), commandTracing);
      CommandGateway gateway = new CommandGateway(writes);
      RaftNode r = raft;
      agents = AgentRpcServer.start(config.bindHost(), config.rpcPort(), config.id(), store, writes,
          () -> isLeader(r), () -> r.heardFromMajorityWithin(config.electionTimeoutMin().toMillis() * 3 / 4), () -> leaderId(r),
          clock, io.streamfleet.server.failover.MonotonicClock.system(),
          config.failover(), config.rebalance(), config.jobs(), tls, config.security().nodeCertValidity(), streamTraces);
      agentsRef.set(agents);
      metrics.bindEvents(store, agents.liveness(), clock);
      metrics.bindCluster(store, agents.liveness(), raftStatus(r, applied));
      agents.failoverTimes().onMeasured(metrics::recordFailover);
      if (isLeader(r)) {
        agents.leadershipGained(); // leadership may have come before the listener had a target
      }
      ApiSecurity apiSecurity = tls == null ? ApiSecurity.development()
          : new ApiSecurity(new Authenticator(store, clock), tls.jetty(), tls::caPin, config.security().rateLimitPerSecond(),
              config.security().rateLimitBurst(), random, tls.ca());
      EventSignal eventSignal = new EventSignal(store);
      deliveriesRef.set(EventDeliveries.start(config.events(), config.id(), store, eventSignal, writes, clock));
      metrics.bindCounter("streamfleet.webhook.failures", "Webhook POSTs that failed (refused, unreachable, timed out); each is retried",
          deliveriesRef.get().webhooks()::failures);
      metrics.bindCounter("streamfleet.events.stale", "Processor events dropped because their instance was no longer the stream's current one (fencing)",
          agents::staleEventsDropped);
      if (isLeader(r)) {
        deliveriesRef.get().leadershipGained();
      }
      HttpApi http = HttpApi.start(config.bindHost(), config.httpPort(), config.maxBodyBytes(),
          new HttpApi.Dependencies(store, raft, applied, gateway, metrics, agents.liveness(), clock, config.clusterName(), agents::rebalance,
              apiSecurity, eventSignal, tracing));
      log.info("server {} started: {} {}:{}, agent rpc {}:{} ({}), raft {}, data {}", config.id(), tls == null ? "http" : "https",
          config.bindHost(), http.port(), config.bindHost(), agents.port(), tls == null ? "plaintext" : "mutual TLS", config.self().address(),
          dataDir.root());
      StreamfleetServer server = new StreamfleetServer(config, dataDir, raft, metrics, http, agents, applied, deliveriesRef.get(),
          tracing);
      server.announce(store, gateway, clock, config.self().host() + ":" + agents.port());
      if (tls != null) {
        server.bootstrap(new BootstrapToken(dataDir.root(), writes, clock, random, System.err, config.id()));
      }
      return server;
    } catch (Exception e) {
      if (deliveriesRef.get() != null) {
        deliveriesRef.get().close();
      }
      if (agents != null) {
        agents.close();
      }
      if (metrics != null) {
        metrics.close();
      }
      if (raft != null) {
        raft.close();
      }
      dataDir.close();
      tracing.close();
      throw explain(e, config, dataDir);
    }
  }

  /**
   * The cluster CA (created on a lone server's first start, brought by the operator otherwise) and
   * a fresh server certificate for every address this server is reached at.
   */
  private static ServerTls serverTls(ServerConfig config, DataDirectory dataDir, Clock clock, SecureRandom random) throws StartupException {
    Path tlsDir = dataDir.root().resolve("tls");
    ClusterCa ca;
    try {
      ca = ClusterCa.loadOrCreate(tlsDir, config.security().tlsCaDir(), config.clusterName(), clock, random);
    } catch (IOException e) {
      throw new StartupException("cannot load the cluster CA: " + e.getMessage());
    }
    Set<String> hosts = new LinkedHashSet<>();
    hosts.add(config.bindHost());
    config.effectivePeers().forEach(p -> hosts.add(p.host()));
    hosts.addAll(config.security().tlsSans());
    try {
      hosts.add(java.net.InetAddress.getLocalHost().getHostName());
    } catch (IOException e) {
      // no resolvable host name: the configured addresses will do
    }
    return new ServerTls(ca, ca.issueServer(config.id(), hosts));
  }

  /**
   * A server of a multi-server cluster must not create a CA of its own (its peers would not trust
   * it): refuse before touching the data directory, so that the fix (--tls-ca-dir or --join) can
   * follow without cleaning up.
   */
  private static void requireOneCa(ServerConfig config) throws StartupException {
    boolean haveCa = Files.exists(config.dataDir().resolve("tls").resolve("ca.key"));
    if (!config.security().insecure() && !haveCa && config.security().tlsCaDir() == null && config.effectivePeers().size() > 1) {
      throw new StartupException("a cluster of " + config.effectivePeers().size() + " servers needs one CA: create it once with"
          + " `streamfleet ca create --out DIR`, copy DIR to every server and start each with --tls-ca-dir DIR; or, to replace a member"
          + " of a running cluster, start it with --join URL --join-token TOKEN (`streamfleet token create --role server`) (docs/security.md)");
    }
  }

  /** Takes part in creating the cluster's first admin token, retrying until a leader commits it. */
  private void bootstrap(BootstrapToken token) {
    if (!token.needed()) {
      return;
    }
    inBackgroundUntilDone("bootstrap-token-" + config.id(), () -> {
      try {
        return token.attempt();
      } catch (IOException e) {
        log.error("cannot create the bootstrap admin token: {}", e.getMessage());
        return true; // a damaged candidate file: retrying cannot help; the log says what to do
      }
    });
  }

  /**
   * Runs {@code attempt} on a virtual thread until it returns true or this server closes, backing
   * off from 200 ms to 2 s while it fails (returns false or throws: typically no leader yet).
   */
  private void inBackgroundUntilDone(String name, java.util.function.BooleanSupplier attempt) {
    Thread.ofVirtual().name(name).start(() -> {
      long backoffMs = 200;
      while (!closed) {
        try {
          if (attempt.getAsBoolean()) {
            return;
          }
        } catch (RuntimeException e) {
          // not committed (no leader yet): try again
        }
        try {
          Thread.sleep(backoffMs);
        } catch (InterruptedException ie) {
          return;
        }
        backoffMs = Math.min(2_000, backoffMs * 2);
      }
    });
  }

  private static StartupException explain(Exception e, ServerConfig config, DataDirectory dataDir) {
    if (e instanceof StartupException s) {
      return s;
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CorruptDataException c) {
        return new StartupException(c.getMessage() + ". Refusing to start over damaged data. Restore " + dataDir.root()
            + " from a backup; in a 3- or 5-server cluster you may instead move it away and let this server rejoin (docs/operations.md).", e);
      }
      if (t instanceof org.apache.ratis.protocol.exceptions.ChecksumException) {
        return new StartupException("the Raft log in " + dataDir.raftDir() + " is corrupt (" + t.getMessage()
            + "). Refusing to start over damaged data. Restore " + dataDir.root() + " from a backup; in a 3- or 5-server cluster you may instead move it away and let this server rejoin (docs/operations.md).", e);
      }
      if (t instanceof java.net.BindException || (t.getMessage() != null && t.getMessage().contains("Address already in use"))) {
        return new StartupException("a port is already in use (http " + config.httpPort() + ", agent rpc " + config.rpcPort() + ", raft " + config.self().port()
            + "): " + t.getMessage() + "; stop the other process or choose other ports (--http-port, --rpc-port, --raft-port)", e);
      }
    }
    if (e instanceof IOException || e.getCause() instanceof IOException) {
      return new StartupException("the Raft storage in " + dataDir.raftDir() + " could not be opened: " + rootMessage(e)
          + ". Refusing to start over damaged data; restore the directory from a backup (docs/operations.md).", e);
    }
    return new StartupException("server failed to start: " + rootMessage(e), e);
  }

  private static String rootMessage(Throwable e) {
    Throwable c = e;
    while (c.getCause() != null && c.getCause() != c) {
      c = c.getCause();
    }
    return c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage();
  }

  /**
   * Records where agents reach this server in the replicated state, so that a follower can send
   * an agent to the leader's address. Retries in the background until a leader commits it.
   */
  private void announce(StateStore store, CommandGateway gateway, Clock clock, String rpcAddress) {
    inBackgroundUntilDone("announce-" + config.id(), () -> {
      if (!rpcAddress.equals(store.read(s -> s.serverRpcAddress(config.id())))) {
        gateway.submit(new AnnounceServer(new CommandMeta(clock.millis(), "server:" + config.id(), "server"), config.id(), rpcAddress));
      }
      return rpcAddress.equals(store.read(s -> s.serverRpcAddress(config.id())));
    });
  }

  public int httpPort() {
    return http.port();
  }

  public int rpcPort() {
    return agents.port();
  }

  private static boolean isLeader(RaftNode raft) {
    try {
      return raft.info().isLeader();
    } catch (IOException e) {
      return false;
    }
  }

  private static io.streamfleet.server.metrics.RaftStatus raftStatus(RaftNode raft, AppliedIndex applied) {
    return new io.streamfleet.server.metrics.RaftStatus() {
      @Override
      public boolean isLeader() {
        return StreamfleetServer.isLeader(raft);
      }

      @Override
      public boolean hasLeader() {
        return leaderId(raft) != null;
      }

      @Override
      public long term() {
        try {
          return raft.info().getCurrentTerm();
        } catch (IOException e) {
          return 0;
        }
      }

      @Override
      public long commitIndex() {
        try {
          return raft.commitIndex();
        } catch (IOException e) {
          return 0;
        }
      }

      @Override
      public long appliedIndex() {
        return applied.get();
      }

      @Override
      public int servers() {
        return raft.group().getPeers().size();
      }
    };
  }

  private static String leaderId(RaftNode raft) {
    try {
      return raft.info().getLeaderId() == null ? null : raft.info().getLeaderId().toString();
    } catch (IOException e) {
      return null;
    }
  }

  public ServerConfig config() {
    return config;
  }

  public long appliedIndex() {
    return applied.get();
  }

  /** Waits until this server knows a leader; true if one was found within {@code timeout}. */
  public boolean awaitLeader(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      try {
        if (raft.info().getLeaderId() != null) {
          return true;
        }
      } catch (IOException e) {
        // not ready yet
      }
      Thread.sleep(20);
    }
    return false;
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    deliveries.close();
    http.close();
    agents.close();
    raft.close();
    metrics.close();
    dataDir.close();
    tracing.close(); // last: sends the spans of the shutdown too
    log.info("server {} stopped", config.id());
  }
}
