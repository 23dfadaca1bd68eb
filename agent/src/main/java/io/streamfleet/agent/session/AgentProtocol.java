package io.streamfleet.agent.session;

import io.streamfleet.agent.driver.ProcessorDriver;
import io.streamfleet.protocol.trace.Tracing;
import io.streamfleet.protocol.v1.AgentMessage;
import io.streamfleet.protocol.v1.Heartbeat;
import io.streamfleet.protocol.v1.JobOutcome;
import io.streamfleet.protocol.v1.ProcessorStatus;
import io.streamfleet.protocol.v1.Register;
import io.streamfleet.protocol.v1.Resources;
import io.streamfleet.protocol.v1.ServerMessage;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;
import java.util.function.LongConsumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent's side of the protocol, without a transport or threads: what to send to register,
 * what a heartbeat says, what each server message does to the lease and the {@link Reconciler},
 * and the periodic lease check. {@link AgentSession} runs it over gRPC with real threads; the
 * failover simulation runs the same object over its simulated network and event loop.
 *
 * <p>Thread-safe as far as the reconciler and lease are; messages are expected one at a time.
 */
public final class AgentProtocol {
  private static final Logger log = LoggerFactory.getLogger(AgentProtocol.class);
  /** What this agent reports as its version (Register, the MQTT node status). */
  public static final String AGENT_VERSION = "0.1.0";

  /** What a server message asks of the transport. */
  public interface Session {
    /** Registered: send heartbeats every {@code intervalMs} from now on. */
    void registered(String serverId, long intervalMs);

    /** The server is not the leader; the leader serves agents at {@code address} (may be empty). */
    void notLeader(String leaderId, String address);

    /** The server refused this agent (the stream closes next). */
    void refused(String reason);
  }

  private final AgentSettings settings;
  private final long incarnation;
  private final NodeUsageProbe usage;
  private final Lease lease;
  private final LongConsumer leaseRenewed;
  private final LongSupplier wallMs;
  private final Reconciler reconciler;
  private final EventPorts events;

  /**
   * Sends events straight on the session, without an outbox (the failover simulation): see
   * {@link EventPorts#sentDirectly}.
   */
  public AgentProtocol(AgentSettings settings, long incarnation, Map<String, ProcessorDriver> drivers, NodeUsageProbe usage,
      Consumer<AgentMessage> send, LongSupplier monotonicMs, LongSupplier wallMs, LongConsumer leaseRenewed, Executor stopper) {
    this(settings, incarnation, drivers, usage, send, monotonicMs, wallMs, leaseRenewed, stopper,
        EventPorts.sentDirectly(settings.nodeId(), send));
  }

  /**
   * @param send where messages go (dropped by the transport while not connected)
   * @param monotonicMs the clock the lease is measured on
   * @param wallMs stamps on heartbeats and events (display only)
   * @param leaseRenewed told the lease's new end (on {@code monotonicMs}) after every renewal: the
   *     lease watchdog, which kills exclusive processors even when the agent cannot
   * @param stopper runs processor stops (see {@link Reconciler})
   * @param events where processor events are recorded (not sent: the outbox's pumps send them),
   *     what heartbeats say of the outbox, and where the server's EventAcks go
   */
  public AgentProtocol(AgentSettings settings, long incarnation, Map<String, ProcessorDriver> drivers, NodeUsageProbe usage,
      Consumer<AgentMessage> send, LongSupplier monotonicMs, LongSupplier wallMs, LongConsumer leaseRenewed, Executor stopper,
      EventPorts events) {
    this(settings, incarnation, drivers, usage, send, monotonicMs, wallMs, leaseRenewed, stopper, events, Tracing.OFF);
  }

  /** @param tracing spans of the starts the leader traces (see {@link Reconciler}) */
  public AgentProtocol(AgentSettings settings, long incarnation, Map<String, ProcessorDriver> drivers, NodeUsageProbe usage,
      Consumer<AgentMessage> send, LongSupplier monotonicMs, LongSupplier wallMs, LongConsumer leaseRenewed, Executor stopper,
      EventPorts events, Tracing tracing) {
    this.settings = settings;
    this.incarnation = incarnation;
    this.usage = usage;
    this.lease = new Lease(monotonicMs);
    this.leaseRenewed = leaseRenewed;
    this.wallMs = wallMs;
    this.events = events;
    this.reconciler = new Reconciler(drivers, new Reconciler.StatusSink() {
      @Override
      public void status(String streamId, long epoch, ProcessorStatus.State state, String reason, int restarts) {
        ProcessorStatus.Builder b = ProcessorStatus.newBuilder().setStreamId(streamId).setEpoch(epoch).setState(state).setRestarts(restarts);
        if (reason != null) {
          b.setReason(reason);
        }
        send.accept(AgentMessage.newBuilder().setStatus(b).build());
      }

      @Override
      public void event(String streamId, long epoch, String kind, String payloadJson) {
        try {
          events.recorder().record(streamId, epoch, kind, wallMs.getAsLong(), payloadJson);
        } catch (RuntimeException e) {
          // On the processor's thread, which must go on processing frames.
          log.error("event {} of {} epoch {} is lost: {}", kind, streamId, epoch, e.getMessage());
        }
      }

      @Override
      public void jobOutcome(JobOutcome outcome) {
        send.accept(AgentMessage.newBuilder().setJobOutcome(outcome).build()); // dropped while cut off: resent after registering
      }
    }, lease::valid, stopper, tracing);
  }

  public long incarnation() {
    return incarnation;
  }

  public Reconciler reconciler() {
    return reconciler;
  }

  public Lease lease() {
    return lease;
  }

  /** The first message of every session. */
  public AgentMessage register() {
    io.streamfleet.model.Resources c = settings.capacity();
    Resources.Builder capacity = Resources.newBuilder().setCpuMillis(c.cpuMillis()).setMemoryMb(c.memoryMb()).setGpu(c.gpu());
    if (c.accelerator() != null) {
      capacity.setAccelerator(c.accelerator());
    }
    Register.Builder r = Register.newBuilder().setNodeId(settings.nodeId()).setIncarnation(incarnation).setCapacity(capacity)
        .putAllLabels(settings.labels()).setNodeClass(settings.nodeClass()).setAgentVersion(AGENT_VERSION)
        .setExecAllowed(settings.exec().allowed()).addAllExecPrograms(settings.exec().programs());
    if (settings.zone() != null) {
      r.setZone(settings.zone());
    }
    return AgentMessage.newBuilder().setRegister(r).build();
  }

  /** Handles one message of the session's server. */
  public void received(ServerMessage m, Session session) {
    switch (m.getBodyCase()) {
      case REGISTERED -> {
        session.registered(m.getRegistered().getServerId(), Math.max(50, m.getRegistered().getHeartbeatIntervalMs()));
        reconciler.resendStatuses();
      }
      case DESIRED -> reconciler.reconcile(m.getDesired().getInstancesList(), m.getDesired().getStateIndex(),
          m.getDesired().getTraceparentsMap());
      case HEARTBEAT_ACK -> {
        lease.acknowledged(m.getHeartbeatAck().getSentAtMonoMs(), m.getHeartbeatAck().getLeaseMs());
        leaseRenewed.accept(lease.validUntilMs());
        reconciler.leaseChanged(lease.valid());
      }
      case NOT_LEADER -> session.notLeader(m.getNotLeader().getLeaderId(), m.getNotLeader().getLeaderRpcAddress());
      case REFUSED -> session.refused(m.getRefused().getReason());
      case EVENT_ACK -> events.serverAcks().accept(m.getEventAck().getUpToOffset());
      default -> { }
    }
  }

  /** The next heartbeat. */
  public AgentMessage heartbeat() {
    double[] cm = usage.cpuAndMemoryPercent();
    long desiredIndex = reconciler.appliedIndex(); // before the instances: see Reconciler.usage()
    return AgentMessage.newBuilder().setHeartbeat(Heartbeat.newBuilder().setSentAtMs(wallMs.getAsLong()).setSentAtMonoMs(lease.now())
        .setCpuPercent(cm[0]).setMemoryPercent(cm[1]).setDesiredIndex(desiredIndex).setDesiredStale(reconciler.desiredStale())
        .addAllProcessors(reconciler.usage()).setOutboxPending(events.outbox().pending()).setOutboxDropped(events.outbox().dropped()))
        .build();
  }

  /** The periodic lease check. It must survive anything: an exception would end a periodic task for good. */
  public void checkLease() {
    try {
      reconciler.leaseChanged(lease.valid());
    } catch (RuntimeException e) {
      log.error("lease check failed (it runs again shortly): {}", e.toString(), e);
    }
  }
}
