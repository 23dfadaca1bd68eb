package io.streamfleet.simulation;

import io.streamfleet.agent.session.Lease;
import io.streamfleet.agent.session.Reconciler;
import io.streamfleet.agent.session.ReconnectBackoff;
import io.streamfleet.protocol.v1.AgentMessage;
import io.streamfleet.protocol.v1.Heartbeat;
import io.streamfleet.protocol.v1.ProcessorEvent;
import io.streamfleet.protocol.v1.ProcessorStatus;
import io.streamfleet.protocol.v1.Register;
import io.streamfleet.protocol.v1.Resources;
import io.streamfleet.protocol.v1.ServerMessage;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;

/**
 * One agent process (one incarnation), mirroring {@code AgentSession} on simulated time: it
 * registers, sends a heartbeat every interval the leader names, renews its real {@link Lease}
 * from each acknowledgement, checks the lease every {@value #LEASE_CHECK_MS} ms, and hands every
 * desired set to the real {@link Reconciler}. When a session ends it reconnects after the agent's
 * real backoff; its processors keep running meanwhile.
 *
 * <p>Faults: {@link #crash()} kills the process and its processors. {@link #pause()} is SIGSTOP:
 * nothing of the agent runs (timers, arrivals, processor callbacks) until {@link #resume()},
 * which then works through what waited, in order; its processors keep running all along.
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
  record Environment(EventLoop loop, Network network, Random random, RunningInstances world, Supplier<SimulatedLeader> leader) {}

  private final NodePlan node;
  private final long incarnation;
  private final Environment env;
  private final Lease lease;
  private final Reconciler reconciler;
  private final AgentProcess process;
  private Connection connection;
  private boolean registered;
  private long heartbeatRun;
  private int attempt;
  private boolean everRegistered;
  /** Checker bookkeeping: how far acks sent after the node was declared down, and all others, extend the lease. */
  private long leaseFromAcksAfterDownMs = Long.MIN_VALUE;
  private long leaseFromOtherAcksMs = Long.MIN_VALUE;

  SimulatedAgent(NodePlan node, long incarnation, Environment env) {
    this.node = node;
    this.incarnation = incarnation;
    this.env = env;
    this.process = new AgentProcess(env.loop(), node.id());
    this.lease = new Lease(env.loop()::now);
    SimulatedDriver driver = new SimulatedDriver(node.id(), incarnation, env.world(), this::later, env.random(),
        env.loop()::now);
    this.reconciler = new Reconciler(Map.of("builtin", driver), new Reconciler.StatusSink() {
      @Override
      public void status(String streamId, long epoch, ProcessorStatus.State state, String reason, int restarts) {
        ProcessorStatus.Builder b = ProcessorStatus.newBuilder().setStreamId(streamId).setEpoch(epoch).setState(state).setRestarts(restarts);
        if (reason != null) {
          b.setReason(reason);
        }
        send(AgentMessage.newBuilder().setStatus(b).build());
      }

      @Override
      public void event(String streamId, long epoch, long sequence, String kind, String payloadJson) {
        send(AgentMessage.newBuilder().setEvent(ProcessorEvent.newBuilder().setStreamId(streamId).setEpoch(epoch)
            .setSequence(sequence).setKind(kind)).build());
      }
    }, lease::valid, Runnable::run);
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

  /** When it was last paused. */
  long pausedAtMs() {
    return process.stoppedAtMs();
  }

  /** Whether the lease on its exclusive streams holds now (for the invariant checker). */
  boolean leaseValid() {
    return lease.valid();
  }

  /** The process starts: lease checks begin and it connects. */
  void start() {
    later(LEASE_CHECK_MS, "lease check", this::checkLease);
    connect();
  }

  /** Runs {@code action} on this agent after {@code delayMs}, unless it has died by then. */
  void later(long delayMs, String what, Runnable action) {
    env.loop().after(delayMs, what, node.id(), () -> process.run(action));
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
        onMessage((ServerMessage) payload);
      }
    });
  }

  private void onMessage(ServerMessage m) {
    switch (m.getBodyCase()) {
      case REGISTERED -> {
        registered = true;
        startHeartbeats(Math.max(50, m.getRegistered().getHeartbeatIntervalMs()));
        reconciler.resendStatuses();
      }
      case DESIRED -> reconciler.reconcile(m.getDesired().getInstancesList(), m.getDesired().getStateIndex());
      case HEARTBEAT_ACK -> {
        lease.acknowledged(m.getHeartbeatAck().getSentAtMonoMs(), m.getHeartbeatAck().getLeaseMs());
        reconciler.leaseChanged(lease.valid());
        noteAck(m.getHeartbeatAck().getSentAtMonoMs(), m.getHeartbeatAck().getLeaseMs());
      }
      default -> { } // NotLeader and Refused: the server closes the session next
    }
  }

  private void noteAck(long sentAtMs, long leaseMs) {
    if (connection.acksAfterDown.contains(sentAtMs)) {
      leaseFromAcksAfterDownMs = Math.max(leaseFromAcksAfterDownMs, sentAtMs + leaseMs);
    } else {
      leaseFromOtherAcksMs = Math.max(leaseFromOtherAcksMs, sentAtMs + leaseMs);
    }
  }

  /** Whether the lease holds now only thanks to acks the leader sent after declaring the node down. */
  boolean leaseHeldByAcksAfterDown() {
    long now = env.loop().now();
    return now < leaseFromAcksAfterDownMs && now >= leaseFromOtherAcksMs;
  }

  private void connect() {
    SimulatedLeader leader = env.leader().get();
    if (!env.network().reachable(node.id())) {
      later(CONNECT_TIMEOUT_MS, "connect timed out", this::sessionEnded);
    } else if (leader == null) {
      // A follower answers NotLeader without a hint while the election runs.
      later(2 + env.random().nextLong(40), "no leader yet", this::sessionEnded);
    } else {
      connection = env.network().open(this, leader);
      send(AgentMessage.newBuilder().setRegister(register()).build());
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
    later(ReconnectBackoff.delayMs(attempt, cap, env.random()), "reconnect", this::connect);
  }

  private void startHeartbeats(long intervalMs) {
    long run = ++heartbeatRun;
    later(0, "heartbeat", () -> heartbeat(run, intervalMs));
  }

  private void heartbeat(long run, long intervalMs) {
    if (run != heartbeatRun) {
      return; // that session has ended
    }
    send(AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSentAtMs(env.loop().now())
        .setSentAtMonoMs(lease.now()).setDesiredIndex(reconciler.appliedIndex()).setDesiredStale(reconciler.desiredStale())
        .addAllProcessors(reconciler.usage())).build());
    later(intervalMs, "heartbeat", () -> heartbeat(run, intervalMs));
  }

  private void checkLease() {
    reconciler.leaseChanged(lease.valid());
    later(LEASE_CHECK_MS, "lease check", this::checkLease);
  }

  private Register register() {
    Resources.Builder capacity = Resources.newBuilder().setCpuMillis(node.capacity().cpuMillis())
        .setMemoryMb(node.capacity().memoryMb()).setGpu(node.capacity().gpu());
    Register.Builder r = Register.newBuilder().setNodeId(node.id()).setIncarnation(incarnation).setCapacity(capacity)
        .setNodeClass("server").setAgentVersion("simulated");
    if (node.zone() != null) {
      r.setZone(node.zone());
    }
    return r.build();
  }

  private void send(AgentMessage m) {
    if (connection != null) {
      env.network().toLeader(connection, m);
    }
  }

  /** kill -9: the processors die with the process and the OS closes its connection. */
  void crash() {
    process.kill();
    env.world().diedWith(node.id(), incarnation);
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
