package io.streamfleet.simulation;

import io.streamfleet.model.NodeState;
import io.streamfleet.model.Resources;
import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CommandResult;
import io.streamfleet.model.command.RegisterNode;
import io.streamfleet.model.command.ReportStatuses;
import io.streamfleet.server.agents.StatusReports;
import io.streamfleet.protocol.v1.AgentMessage;
import io.streamfleet.protocol.v1.DesiredAssignments;
import io.streamfleet.protocol.v1.Heartbeat;
import io.streamfleet.protocol.v1.HeartbeatAck;
import io.streamfleet.protocol.v1.NotLeader;
import io.streamfleet.protocol.v1.ProcessorStatus;
import io.streamfleet.protocol.v1.Refused;
import io.streamfleet.protocol.v1.Register;
import io.streamfleet.protocol.v1.Registered;
import io.streamfleet.protocol.v1.ServerMessage;
import io.streamfleet.scheduler.Scheduler;
import io.streamfleet.server.agents.DesiredAssignmentsBuilder;
import io.streamfleet.server.failover.DetectorSettings;
import io.streamfleet.server.failover.ExclusiveLeases;
import io.streamfleet.server.failover.FailureDetector;
import io.streamfleet.server.failover.ManualClock;
import io.streamfleet.server.failover.ManualTimers;
import io.streamfleet.server.placement.PlacementPlanner;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * One server while it leads, composed of the real {@link FailureDetector}, {@link ExclusiveLeases}
 * and {@link PlacementPlanner} over the committed {@code ClusterState}. The glue mirrors the
 * server's: sessions as in {@code AgentConnection} and {@code AgentRegistry}, leadership as in
 * {@code AgentRpcServer}, the push as in {@code DesiredStatePusher}; verdicts go to
 * {@link LeaderFailover} and placement rounds to {@link LeaderPlacement}.
 *
 * <p>The server's worker threads become events: placement rounds and pushes at the current time,
 * coalescing requests exactly as there, each as its own step; failover verdicts one after another,
 * each taking a commit round trip (see {@link LeaderFailover}).
 */
final class SimulatedLeader {
  private final String serverId;
  private final DetectorSettings settings;
  private final EventLoop loop;
  private final ManualClock clock;
  private final Network network;
  private final CommittedState committed;
  private final ManualTimers timers;
  private final ExclusiveLeases leases;
  private final PlacementPlanner planner = new PlacementPlanner(new Scheduler());
  private final LeaderFailover failover;
  private final FailureDetector detector;
  private final LeaderPlacement placement;
  /** The current session of every registered node ({@code AgentRegistry}); sorted for a deterministic push order. */
  private final Map<String, Connection> sessions = new TreeMap<>();
  private boolean leading;
  private boolean pushRequested;

  SimulatedLeader(String serverId, DetectorSettings settings, EventLoop loop, ManualClock clock, Network network, CommittedState committed,
      Random random) {
    this.serverId = serverId;
    this.settings = settings;
    this.loop = loop;
    this.clock = clock;
    this.network = network;
    this.committed = committed;
    this.timers = new ManualTimers(clock);
    this.leases = new ExclusiveLeases(settings);
    this.failover = new LeaderFailover(this, loop, committed, planner, leases, random);
    this.detector = new FailureDetector(settings, clock, timers, failover);
    this.placement = new LeaderPlacement(this, loop, committed, planner, leases);
  }

  String serverId() {
    return serverId;
  }

  boolean leading() {
    return leading;
  }

  FailureDetector detector() {
    return detector;
  }

  /** Nodes this leader has declared down (and the down was applied). */
  long downs() {
    return failover.downs();
  }

  /**
   * {@code AgentRpcServer.leadershipGained}: watch every live node of the committed state, hold
   * exclusive streams for a lease, place what waits. Also takes over the state's change listener
   * and the loop's detector timers, which belong to whoever leads.
   */
  void becameLeader() {
    leading = true;
    committed.onChange(this::stateChanged);
    loop.useDetectorTimers(timers);
    Map<String, Long> live = new TreeMap<>();
    committed.read().nodes().stream().filter(n -> n.state() != NodeState.DOWN && n.state() != NodeState.DRAINED)
        .forEach(n -> live.put(n.id(), n.incarnation()));
    leases.becameLeader(clock.millis());
    detector.becameLeader(live);
    placement.request();
  }

  /** {@code AgentRpcServer.leadershipLost}: stop judging nodes and end every session. */
  void lostLeadership() {
    leading = false;
    detector.lostLeadership();
    for (Connection c : List.copyOf(sessions.values())) {
      sessions.remove(c.nodeId);
      close(c);
    }
  }

  /** The network delivers a message or a close from an agent. */
  void receive(Connection c, Object payload) {
    if (payload instanceof Network.Closed closed) {
      lost(c, closed.why());
      return;
    }
    AgentMessage m = (AgentMessage) payload;
    switch (m.getBodyCase()) {
      case HEARTBEAT -> heartbeat(c, m.getHeartbeat());
      case REGISTER -> register(c, m.getRegister());
      case STATUS -> status(c, m.getStatus());
      case EVENT -> { }
      default -> refuse(c, "the first message of a session must be Register");
    }
  }

  /** Only a current session on the leader renews the agent's lease. */
  private void heartbeat(Connection c, Heartbeat h) {
    String node = c.nodeId;
    if (node == null || sessions.get(node) != c || !leading) {
      return;
    }
    if (!detector.heartbeat(node, c.incarnation)) {
      return; // as AgentConnection: a node declared down gets no lease renewal
    }
    send(c, ServerMessage.newBuilder().setHeartbeatAck(HeartbeatAck.newBuilder()
        .setSentAtMonoMs(h.getSentAtMonoMs()).setLeaseMs(settings.leaseMs())).build());
    if (failover.declaringDown(node, c.incarnation)) {
      c.acksAfterDown.add(h.getSentAtMonoMs());
    }
    if (h.getDesiredStale()) { // as AgentConnection: resend the set after the ack
      c.lastSent = null;
      requestPush();
    }
  }

  private void register(Connection c, Register r) {
    if (!leading) {
      send(c, ServerMessage.newBuilder().setNotLeader(NotLeader.newBuilder().setReason("this server is not the leader")).build());
      close(c);
      return;
    }
    Resources capacity = new Resources(r.getCapacity().getCpuMillis(),
        r.getCapacity().getMemoryMb(), r.getCapacity().getGpu(), null);
    String holdReason = detector.registered(r.getNodeId(), r.getIncarnation());
    CommandResult result = committed.submit(new RegisterNode(meta("agent:" + r.getNodeId(), "agent"), r.getNodeId(),
        r.getIncarnation(), r.getZone().isEmpty() ? null : r.getZone(), new TreeMap<>(r.getLabelsMap()), r.getNodeClass(), capacity,
        holdReason));
    if (!result.isOk()) {
      refuse(c, result.message()); // the server's submit throws, and the session refuses
      return;
    }
    c.nodeId = r.getNodeId();
    c.incarnation = r.getIncarnation();
    sessions.put(c.nodeId, c);
    send(c, ServerMessage.newBuilder().setRegistered(Registered.newBuilder().setServerId(serverId)
        .setHeartbeatIntervalMs(settings.heartbeatIntervalMs())).build());
    requestPush();
  }

  private void status(Connection c, ProcessorStatus s) {
    if (c.nodeId == null) {
      refuse(c, "register first");
      return;
    }
    if (sessions.get(c.nodeId) != c) {
      return; // a newer incarnation has registered: this session's reports are stale
    }
    ReportStatuses.Item item = StatusReports.toItem(s);
    if (item != null) {
      // one report per batch: the simulation commits each message on arrival (stale ones are skipped)
      committed.submit(new ReportStatuses(meta("agent:" + c.nodeId, "agent"), c.nodeId, List.of(item)));
    }
  }

  /** The agent's end closed or broke. */
  private void lost(Connection c, String why) {
    c.closeAtLeader();
    if (c.nodeId == null || !sessions.remove(c.nodeId, c)) {
      return; // never registered, or already replaced by a newer session of the node
    }
    detector.sessionClosed(c.nodeId, c.incarnation, why);
  }

  /** {@code AgentRegistry.closeSession}: ends the node's session if it is still that incarnation's. */
  void closeSession(String nodeId, long incarnation) {
    Connection c = sessions.get(nodeId);
    if (c != null && c.incarnation == incarnation && sessions.remove(nodeId, c)) {
      close(c);
    }
  }

  private void refuse(Connection c, String reason) {
    send(c, ServerMessage.newBuilder().setRefused(Refused.newBuilder().setReason(reason)).build());
    close(c);
  }

  private void send(Connection c, ServerMessage m) {
    if (c.openAtLeader()) {
      network.toAgent(c, m);
    }
  }

  private void close(Connection c) {
    network.closedByLeader(c, "the server ended the session");
  }

  /** The state store's change listener: push and place after every applied command. */
  private void stateChanged() {
    requestPush();
    placement.request();
  }

  /** {@code DesiredStatePusher.requestPush}: one push for a burst of requests. */
  void requestPush() {
    if (!pushRequested) {
      pushRequested = true;
      loop.at(loop.now(), "push desired sets", "leader", this::push);
    }
  }

  private void push() {
    pushRequested = false;
    for (Connection c : List.copyOf(sessions.values())) {
      DesiredAssignments desired = DesiredAssignmentsBuilder.forNode(committed.read(), c.nodeId);
      if (c.lastSent == null || !desired.getInstancesList().equals(c.lastSent.getInstancesList())) { // AgentConnection.pushDesired
        c.lastSent = desired;
        send(c, ServerMessage.newBuilder().setDesired(desired).build());
      }
    }
  }

  CommandMeta meta(String actor, String source) {
    return new CommandMeta(clock.millis(), actor, source);
  }
}
