package io.streamfleet.server.agents;

import io.grpc.stub.StreamObserver;
import io.streamfleet.model.Ids;
import io.streamfleet.model.Resources;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.RegisterNode;
import io.streamfleet.model.command.ReportJobs;
import io.streamfleet.model.command.ReportStatuses;
import io.streamfleet.model.job.JobIds;
import io.streamfleet.protocol.v1.JobOutcome;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import io.streamfleet.protocol.v1.AgentMessage;
import io.streamfleet.protocol.v1.DesiredAssignments;
import io.streamfleet.protocol.v1.Heartbeat;
import io.streamfleet.protocol.v1.HeartbeatAck;
import io.streamfleet.protocol.v1.NotLeader;
import io.streamfleet.protocol.v1.ProcessorEvent;
import io.streamfleet.protocol.v1.EventAck;
import io.streamfleet.model.command.AppendEvents;
import io.streamfleet.protocol.v1.ProcessorStatus;
import io.streamfleet.protocol.v1.Refused;
import io.streamfleet.protocol.v1.Register;
import io.streamfleet.protocol.v1.Registered;
import io.streamfleet.protocol.v1.ServerMessage;
import java.time.Clock;
import io.streamfleet.model.command.CommandResult;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One agent's session on this server. Messages are handled in order on the session's own
 * virtual thread, so a slow Raft commit for one agent never delays another agent's heartbeats;
 * heartbeats themselves touch only memory. Sends are serialised (gRPC observers are not
 * thread-safe).
 */
public final class AgentConnection implements StreamObserver<AgentMessage> {
  private static final Logger log = LoggerFactory.getLogger(AgentConnection.class);
  /** Bounds one Raft entry: a backlog (an outbox after an outage) goes in several commits. */
  static final int MAX_EVENTS_PER_COMMIT = 1_000;

  private final StreamObserver<ServerMessage> out;
  private final AgentServices services;
  private final Executor inbox;
  private final NodeAuthentication authentication;
  private volatile String nodeId;
  private volatile long incarnation;
  private volatile DesiredAssignments lastSent;
  private volatile boolean closed;
  private final Queue<ProcessorStatus> statuses = new ConcurrentLinkedQueue<>();
  private final Queue<ProcessorEvent> events = new ConcurrentLinkedQueue<>();
  private final Queue<JobOutcome> jobOutcomes = new ConcurrentLinkedQueue<>();

  /** A session whose messages are handled on its own serial virtual-thread inbox. */
  public AgentConnection(StreamObserver<ServerMessage> out, AgentServices services) {
    this(out, services, new SerialExecutor("agent-session"));
  }

  /** @param inbox runs this session's non-heartbeat messages one at a time, in order */
  public AgentConnection(StreamObserver<ServerMessage> out, AgentServices services, Executor inbox) {
    this(out, services, inbox, NodeAuthentication.NONE);
  }

  /** @param authentication decides whether the session may register as the node it names */
  public AgentConnection(StreamObserver<ServerMessage> out, AgentServices services, Executor inbox, NodeAuthentication authentication) {
    this.out = out;
    this.services = services;
    this.inbox = inbox;
    this.authentication = authentication;
  }

  String nodeId() {
    return nodeId;
  }

  long incarnation() {
    return incarnation;
  }

  @Override
  public void onNext(AgentMessage message) {
    if (message.hasHeartbeat()) {
      heartbeat(message.getHeartbeat());
      return;
    }
    if (message.hasStatus() || message.hasJobOutcome()) {
      if (message.hasStatus()) {
        statuses.add(message.getStatus());
      } else {
        jobOutcomes.add(message.getJobOutcome());
      }
      inbox.execute(() -> {
        try {
          flushStatuses();
        } catch (RuntimeException e) {
          log.warn("status reports of {} failed: {}", nodeId, e.getMessage());
        }
      });
      return;
    }
    if (message.hasEvent()) {
      events.add(message.getEvent());
      inbox.execute(this::flushEvents);
      return;
    }
    inbox.execute(() -> handle(message));
  }

  /**
   * The hot path, on the gRPC thread: memory only, no Raft, disk or state lock. Only a current
   * session on the leader renews the agent's lease.
   */
  private void heartbeat(Heartbeat h) {
    String node = nodeId;
    if (node == null || !services.registry().isCurrent(this) || !services.isLeader()) {
      return;
    }
    if (!services.leader().heartbeat(node, incarnation, h, System.nanoTime())) {
      return; // declared down (or not yet watched): no lease renewal
    }
    if (!services.mayGrantLeases().getAsBoolean()) {
      // Still heard (no false down while the majority contact is briefly stale), but a leader
      // that may have been deposed renews no lease.
      return;
    }
    send(ServerMessage.newBuilder().setHeartbeatAck(HeartbeatAck.newBuilder()
        .setSentAtMonoMs(h.getSentAtMonoMs()).setLeaseMs(services.leaseMs())).build());
    if (h.getDesiredStale()) {
      // The agent's lease lapsed, so it dropped the exclusive part of its last desired set: send
      // the set again (after this ack, on the same ordered stream).
      lastSent = null;
      services.leader().requestPush();
    }
  }

  private void handle(AgentMessage message) {
    try {
      switch (message.getBodyCase()) {
        case REGISTER -> register(message.getRegister());
        default -> refuse("the first message of a session must be Register");
      }
    } catch (RuntimeException e) {
      log.warn("agent session of {} failed: {}", nodeId, e.getMessage());
      refuse(e.getMessage());
    }
  }

  /**
   * Commits every event queued so far as one {@code events.append} (group commit, like status
   * reports), then acknowledges them to the agent, which may then forget them. Events of an
   * instance that is no longer the stream's current one are dropped here already: a zombie that
   * outlived its epoch (a partition, a frozen node) cannot speak for the stream (fencing); apply
   * checks again, so the log never holds them. Dropped events are acknowledged too: they are
   * taken care of, for good.
   */
  private void flushEvents() {
    List<AppendEvents.Item> items = new ArrayList<>();
    long upTo = -1;
    String node = nodeId;
    for (ProcessorEvent e = events.poll(); e != null && items.size() < MAX_EVENTS_PER_COMMIT; e = events.poll()) {
      upTo = Math.max(upTo, e.getOutboxOffset());
      AppendEvents.Item item = EventReports.toItem(e);
      if (item == null) {
        log.warn("dropped an event of node {}: {}", node, EventReports.problem(e));
      } else if (node != null && !admissible(node, item)) {
        services.staleEvents().increment();
      } else {
        items.add(item);
      }
    }
    if (!events.isEmpty()) {
      inbox.execute(this::flushEvents); // the rest in the next commit
    }
    if (upTo < 0) {
      return;
    }
    if (node == null) {
      refuse("register first");
      return;
    }
    if (!services.registry().isCurrent(this)) {
      return; // a newer session of this node re-sends whatever this one did not get acknowledged
    }
    if (!items.isEmpty()) {
      try {
        services.writes().submit(new AppendEvents(meta(node), node, items));
      } catch (RuntimeException e) {
        // Not committed: no acknowledgement, and the session ends so the agent re-sends from its
        // last acknowledged event to whoever leads (duplicates are dropped by seq).
        log.warn("{} event(s) of {} were not committed ({}); ending the session so that the agent re-sends them",
            items.size(), node, e.getMessage());
        end("events could not be committed");
        return;
      }
    }
    send(ServerMessage.newBuilder().setEventAck(EventAck.newBuilder().setUpToOffset(upTo)).build());
  }

  private boolean admissible(String node, AppendEvents.Item e) {
    return services.store().read(s -> s.eventAdmissible(node, e));
  }

  private void register(Register r) {
    if (!services.isLeader()) {
      send(ServerMessage.newBuilder().setNotLeader(NotLeader.newBuilder()
          .setLeaderId(services.leaderId()).setLeaderRpcAddress(services.leaderRpcAddress())
          .setReason("this server is not the leader")).build());
      close();
      return;
    }
    if (!Ids.isValid(r.getNodeId())) {
      refuse("node id is invalid; " + Ids.RULE);
      return;
    }
    String refusal = authentication.refusal(r.getNodeId());
    if (refusal == null) {
      refusal = RegistrationLimits.problem(r);
    }
    if (refusal != null) {
      log.warn("registration as node {} refused: {}", r.getNodeId(), refusal);
      refuse(refusal);
      return;
    }
    Resources capacity = new Resources(r.getCapacity().getCpuMillis(), r.getCapacity().getMemoryMb(), r.getCapacity().getGpu(),
        r.getCapacity().getAccelerator().isEmpty() ? null : r.getCapacity().getAccelerator());
    // The failure detector changes only once the registration is committed: a rejected one (an
    // older incarnation, a bad field) must not unwatch the node's real session.
    String holdReason = services.leader().holdReason(r.getNodeId());
    CommandResult result = services.writes().submit(new RegisterNode(meta(r.getNodeId()), r.getNodeId(), r.getIncarnation(),
        r.getZone().isEmpty() ? null : r.getZone(), io.streamfleet.model.Maps.sortedCopy(r.getLabelsMap()), r.getNodeClass(), capacity,
        holdReason, new io.streamfleet.model.ExecPolicy(r.getExecAllowed(), r.getExecProgramsList())));
    if (!result.isOk()) {
      refuse(result.message());
      return;
    }
    services.leader().registered(r.getNodeId(), r.getIncarnation());
    nodeId = r.getNodeId();
    incarnation = r.getIncarnation();
    services.registry().attach(this);
    if (!services.isLeader() || !services.leader().watches(nodeId)) {
      // Leadership moved, or the detector is not (yet, or no longer) watching this node while the
      // registration was being committed: a session nobody watches would get no lease and never
      // be declared down. End it; the agent registers again with whoever leads.
      end("registered while leadership was changing; register again");
      return;
    }
    send(ServerMessage.newBuilder().setRegistered(Registered.newBuilder()
        .setServerId(services.serverId()).setHeartbeatIntervalMs(services.heartbeatIntervalMs())).build());
    log.info("node {} registered (incarnation {}, {} cpu_millis, {} MiB, zone {})", nodeId, incarnation,
        capacity.cpuMillis(), capacity.memoryMb(), r.getZone());
    services.leader().requestPush();
  }

  /**
   * Submits every status report queued so far as one command. Runs on the inbox thread, so while
   * one batch is being committed the next reports queue up behind it (group commit).
   */
  private void flushStatuses() {
    List<ReportStatuses.Item> items = new ArrayList<>();
    List<ReportJobs.Item> jobItems = new ArrayList<>();
    for (ProcessorStatus s = statuses.poll(); s != null; s = statuses.poll()) {
      if (JobIds.isJob(s.getStreamId())) {
        ReportJobs.Item item = JobReports.toItem(s);
        if (item != null) {
          jobItems.add(item);
        }
        continue;
      }
      ReportStatuses.Item item = StatusReports.toItem(s);
      if (item != null) {
        items.add(item);
      }
    }
    for (JobOutcome o = jobOutcomes.poll(); o != null; o = jobOutcomes.poll()) {
      jobItems.add(JobReports.toItem(o));
    }
    if (items.isEmpty() && jobItems.isEmpty()) {
      return;
    }
    if (nodeId == null) {
      refuse("register first");
      return;
    }
    if (!services.registry().isCurrent(this)) {
      return; // a newer incarnation of this node has registered: this session's reports are stale
    }
    try {
      if (!items.isEmpty()) {
        services.writes().submit(new ReportStatuses(meta(nodeId), nodeId, items));
      }
      if (!jobItems.isEmpty()) {
        services.writes().submit(new ReportJobs(meta(nodeId), nodeId, jobItems));
      }
    } catch (RuntimeException e) {
      // Stale reports are not an error (apply skips them); a failure here means the batch was
      // not committed. Dropping it could leave streams "starting" for good, so end the session:
      // the agent registers again and re-sends the state of every instance.
      log.warn("{} status report(s) of {} were not committed ({}); ending the session so that the agent re-sends them",
          items.size(), nodeId, e.getMessage());
      end("status reports could not be committed");
    }
  }

  /**
   * Sends the node's desired set if its instances differ from what this session last received,
   * or if the agent's copy is older than {@code neededIndex}: a fence on this node is lifted only
   * by a heartbeat after a set at least that new (see {@link StopConfirmations}).
   */
  void pushDesired(DesiredAssignments desired, long neededIndex) {
    DesiredAssignments last = lastSent;
    if (last == null || !desired.getInstancesList().equals(last.getInstancesList()) || last.getStateIndex() < neededIndex) {
      lastSent = desired;
      send(ServerMessage.newBuilder().setDesired(desired).build());
    }
  }

  private CommandMeta meta(String node) {
    return new CommandMeta(services.clock().millis(), "agent:" + node, "agent");
  }

  private void refuse(String reason) {
    send(ServerMessage.newBuilder().setRefused(Refused.newBuilder().setReason(reason)).build());
    close();
  }

  private synchronized void send(ServerMessage m) {
    if (!closed) {
      try {
        out.onNext(m);
      } catch (RuntimeException e) {
        closed = true;
      }
    }
  }

  /** Ends this session from the server side (the node was declared down, or leadership moved). */
  void end(String reason) {
    log.info("ending the session of node {}: {}", nodeId, reason);
    if (nodeId != null) {
      services.registry().detach(this); // no longer current: its late reports are ignored
    }
    close();
  }

  private synchronized void close() {
    if (!closed) {
      closed = true;
      try {
        out.onCompleted();
      } catch (RuntimeException ignored) {
        // already gone
      }
    }
  }

  @Override
  public void onError(Throwable t) {
    inbox.execute(() -> lost("connection lost: " + t.getMessage()));
  }

  @Override
  public void onCompleted() {
    inbox.execute(() -> {
      lost("agent closed the session");
      close();
    });
  }

  private void lost(String reason) {
    closed = true;
    if (nodeId == null || !services.registry().detach(this)) {
      return; // never registered, or already replaced by a newer session of the same node
    }
    log.info("node {} session ended: {}", nodeId, reason);
    services.leader().sessionClosed(nodeId, incarnation, reason);
  }
}
