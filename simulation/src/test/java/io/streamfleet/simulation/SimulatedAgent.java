package io.streamfleet.simulation;

import io.streamfleet.agent.retry.Backoff;
import io.streamfleet.agent.session.AgentProtocol;
import io.streamfleet.agent.session.AgentSettings;
import io.streamfleet.agent.session.NodeUsageProbe;
import io.streamfleet.agent.session.Reconciler;
import io.streamfleet.model.ExecPolicy;
import io.streamfleet.protocol.v1.AgentMessage;
import io.streamfleet.protocol.v1.ServerMessage;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * One agent process (one incarnation): the production {@link AgentProtocol} (registration,
 * heartbeats, lease, {@link Reconciler}) over a simulated transport. What {@code AgentSession}
 * does with gRPC and threads is done here with the network and the event loop: connect, a
 * heartbeat every interval the server names, a lease check every {@value #LEASE_CHECK_MS} ms, and
 * a reconnect after the agent's real backoff when a session ends; processors keep running
 * meanwhile.
 *
 * <p>Faults: {@link #crash()} kills the process and its processors. {@link #pause()} is SIGSTOP:
 * nothing of the agent runs (timers, arrivals, processor callbacks, stop threads) until
 * {@link #resume()}, which then works through what waited, in order; its processors and its
 * lease watchdog keep running all along.
 */
final class SimulatedAgent {
  /** AgentSession.LEASE_CHECK_MS (private there). */
  static final long LEASE_CHECK_MS = 25;
  /** The maximum backoff the agent command gives AgentSession. */
  static final long MAX_BACKOFF_MS = 5000;
  /** AgentSession's backoff cap until it has registered once. */
  static final long FIRST_BACKOFF_CAP_MS = 1000;
  /** A connect attempt to an unreachable leader fails after this long (TCP's SYN retries, simplified). */
  static final long CONNECT_TIMEOUT_MS = 1000;

  /** What an agent is wired to. */
  record Environment(EventLoop loop, Network network, Random random, RunningInstances world, Cameras cameras,
      Supplier<SimulatedServer> leader) {}

  private final NodePlan node;
  private final long incarnation;
  private final Environment env;
  private final AgentProtocol protocol;
  private final SimulatedWatchdog watchdog;
  private final AgentProcess process;
  private Connection connection;
  private boolean registered;
  private long heartbeatRun;
  private int attempt;
  private boolean everRegistered;

  SimulatedAgent(NodePlan node, long incarnation, Environment env) {
    this.node = node;
    this.incarnation = incarnation;
    this.env = env;
    this.process = new AgentProcess(env.loop(), node.id());
    this.watchdog = new SimulatedWatchdog(env.loop(), node.id());
    SimulatedDriver driver = new SimulatedDriver(node.id(), incarnation, env.world(), this::later, env.loop()::after, env.random(),
        env.loop()::now, watchdog, env.cameras());
    // Job attempts run FFmpeg through the exec driver: the node allows any program (--allow-exec).
    AgentSettings settings = new AgentSettings(node.id(), java.util.List.of("leader.sim:7070"), node.zone(), Map.of(), "server", node.capacity(),
        Duration.ofMillis(MAX_BACKOFF_MS), ExecPolicy.ANY);
    this.protocol = new AgentProtocol(settings, incarnation, Map.of("builtin", driver, "exec", driver), NodeUsageProbe.NONE, this::send,
        env.loop()::now, env.loop()::now, watchdog::leaseUntil, driver::stopAfterItsTime);
  }

  String nodeId() {
    return node.id();
  }

  long incarnation() {
    return incarnation;
  }

  boolean alive() {
    return process.alive();
  }

  /** Paused, or resumed but still working through what waited during the pause. */
  boolean frozen() {
    return process.frozen();
  }

  /** Whether the lease on its exclusive streams holds now. */
  boolean leaseValid() {
    return protocol.lease().valid();
  }

  /** The process starts: lease checks begin and it connects. */
  void start() {
    later(LEASE_CHECK_MS, "lease check", this::checkLease);
    connect();
  }

  /** Runs {@code action} on this agent after {@code delayMs}, unless it has died by then. */
  void later(long delayMs, String what, Runnable action) {
    later(delayMs, what, node.id(), action);
  }

  /** The same, named in the trace as {@code who} (the node, or a job attempt of the node). */
  void later(long delayMs, String what, String who, Runnable action) {
    env.loop().after(delayMs, what, who, () -> process.run(action));
  }

  /** The network delivers a message or a close on {@code c}. */
  void receive(Connection c, Object payload) {
    process.run(() -> {
      if (c != connection) {
        return; // an old session: the real agent has shut that channel down
      }
      if (payload instanceof Network.Closed) {
        c.closeAtAgent();
        sessionEnded();
      } else {
        protocol.received((ServerMessage) payload, new AgentProtocol.Session() {
          @Override
          public void registered(String serverId, long intervalMs) {
            registered = true;
            long run = ++heartbeatRun;
            later(0, "heartbeat", () -> heartbeat(run, intervalMs));
          }

          @Override
          public void notLeader(String leaderId, String address) {}

          @Override
          public void refused(String reason) {}
        });
      }
    });
  }

  private void connect() {
    SimulatedServer leader = env.leader().get();
    if (!env.network().reachable(node.id())) {
      later(CONNECT_TIMEOUT_MS, "connect timed out", this::sessionEnded);
    } else if (leader == null) {
      // A follower answers NotLeader without a hint while the election runs.
      later(2 + env.random().nextLong(40), "no leader yet", this::sessionEnded);
    } else {
      connection = env.network().open(this, leader);
      send(protocol.register());
    }
  }

  private void sessionEnded() {
    boolean wasRegistered = registered;
    connection = null;
    registered = false;
    heartbeatRun++;
    everRegistered |= wasRegistered;
    attempt = wasRegistered ? 0 : attempt + 1;
    long cap = everRegistered ? MAX_BACKOFF_MS : FIRST_BACKOFF_CAP_MS;
    later(Backoff.delay(attempt, Duration.ofMillis(cap), env.random()).toMillis(), "reconnect", this::connect);
  }

  private void heartbeat(long run, long intervalMs) {
    if (run != heartbeatRun) {
      return; // that session has ended
    }
    send(protocol.heartbeat());
    later(intervalMs, "heartbeat", () -> heartbeat(run, intervalMs));
  }

  private void checkLease() {
    protocol.checkLease();
    later(LEASE_CHECK_MS, "lease check", this::checkLease);
  }

  private void send(AgentMessage m) {
    if (connection != null) {
      env.network().toLeader(connection, m);
    }
  }

  /** kill -9: the processors die with the process (and its watchdog's input ends); the OS closes its connection. */
  void crash() {
    process.kill();
    env.world().diedWith(node.id(), incarnation);
    watchdog.agentDied();
    if (connection != null) {
      env.network().closedByAgent(connection, "agent process died");
    }
  }

  /** SIGSTOP. */
  void pause() {
    process.stop();
  }

  /** SIGCONT: works through what waited, one step at a time and in order. */
  void resume() {
    process.cont();
  }
}
