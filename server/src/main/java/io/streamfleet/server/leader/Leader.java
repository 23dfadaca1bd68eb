package io.streamfleet.server.leader;

import io.streamfleet.model.NodeState;
import io.streamfleet.protocol.v1.Heartbeat;
import io.streamfleet.scheduler.RebalancePlan;
import io.streamfleet.scheduler.Scheduler;
import io.streamfleet.server.failover.DetectorSettings;
import io.streamfleet.server.failover.FailureDetector;
import io.streamfleet.server.placement.PlacementPlanner;
import io.streamfleet.server.placement.MovePlanner;
import io.streamfleet.server.placement.RebalancePolicy;
import io.streamfleet.server.state.StateStore;
import java.util.Map;
import java.util.TreeMap;

/**
 * The leader's decisions in one place: failure detection and failover, placement and
 * rebalancing, exclusive leases and stop confirmations, liveness and measurements, and the push of
 * desired sets. Built by {@link #create} from {@link LeaderPorts}, so the server and the failover
 * simulation run the same controllers. The agent edge (gRPC) only translates messages into the
 * calls below; the REST edge only maps their results to HTTP.
 *
 * <pre>
 *  agent edge ──heartbeat/register/closed──► FailureDetector ──verdicts──► FailoverController ─┐
 *       │                                         (timers)                                     │ writes
 *       └─heartbeat──► NodeLiveness, StopConfirmations ──────────────────────────────────────────┤
 *  state change ──► PlacementController (scheduler, ExclusiveLeases) ─────────────────────────────┤
 *               └─► DesiredStatePusher ──► AgentSessions                                          ▼
 *                                                                                            WritePort
 * </pre>
 */
public final class Leader {
  private final StateStore store;
  private final LeaderPorts ports;
  private final NodeLiveness liveness = new NodeLiveness();
  private final ExclusiveLeases leases;
  private final DesiredStatePusher pusher;
  private final PlacementController placement;
  private final FailoverController failover;
  private final StopConfirmations confirmations;
  private final FailureDetector detector;
  private final RuleController rules;
  private final JobController jobs;
  private final MigrationController migrations;
  private final FailoverTimes failoverTimes = new FailoverTimes();

  private Leader(StateStore store, DetectorSettings detectorSettings, RebalancePolicy rebalancePolicy, JobSettings jobSettings,
      LeaderPorts ports) {
    this.store = store;
    this.ports = ports;
    Measurements measurements = new Measurements(liveness);
    PlacementPlanner planner = new PlacementPlanner(new Scheduler());
    this.leases = new ExclusiveLeases(detectorSettings);
    this.pusher = new DesiredStatePusher(store, ports);
    this.placement = new PlacementController(store, planner, leases, measurements, rebalancePolicy, ports);
    this.failover = new FailoverController(store, planner, leases, measurements, pusher, failoverTimes, ports);
    this.confirmations = new StopConfirmations(store, ports);
    this.rules = new RuleController(store, ports);
    this.jobs = new JobController(store, planner, leases, measurements, jobSettings, ports);
    this.migrations = new MigrationController(store, new MovePlanner(planner), measurements, ports);
    this.detector = new FailureDetector(detectorSettings, ports.monotonicClock(), ports.timers().apply("failure-detector"), failover);
  }

  /** Builds the controllers and subscribes them to state changes; they act only while {@code ports.isLeader()}. */
  public static Leader create(StateStore store, DetectorSettings detectorSettings, RebalancePolicy rebalancePolicy, LeaderPorts ports) {
    return create(store, detectorSettings, rebalancePolicy, JobSettings.DEFAULTS, ports);
  }

  public static Leader create(StateStore store, DetectorSettings detectorSettings, RebalancePolicy rebalancePolicy,
      JobSettings jobSettings, LeaderPorts ports) {
    Leader leader = new Leader(store, detectorSettings, rebalancePolicy, jobSettings, ports);
    store.onChange(leader::stateChanged);
    leader.placement.request();
    return leader;
  }

  private void stateChanged() {
    if (failoverTimes.waiting()) {
      long now = ports.monotonicClock().millis();
      store.read(s -> {
        failoverTimes.stateChanged(s, now);
        return null;
      });
    }
    pusher.requestPush();
    placement.request();
    rules.request();
    jobs.request();
  }

  /**
   * This server became leader: watch every live node of the committed state (each gets the
   * leader grace to reconnect here), hold exclusive streams for a lease, and place what waits.
   */
  public void leadershipGained() {
    Map<String, Long> live = new TreeMap<>();
    store.read(s -> {
      s.nodes().stream().filter(n -> n.state() != NodeState.DOWN && n.state() != NodeState.DRAINED)
          .forEach(n -> live.put(n.id(), n.incarnation()));
      return null;
    });
    leases.becameLeader(ports.monotonicClock().millis());
    detector.becameLeader(live);
    placement.request();
    rules.becameLeader();
    jobs.becameLeader();
    migrations.becameLeader();
  }

  /** This server stopped leading: stop judging nodes and send agents to the new leader. */
  public void leadershipLost() {
    detector.lostLeadership();
    rules.lostLeadership();
    jobs.lostLeadership();
    migrations.lostLeadership();
    ports.sessions().closeAll("this server is no longer the leader");
  }

  // ---- the agent edge ----

  /**
   * A heartbeat from the node's current session, received at {@code receivedNanos}. Lock-free.
   * Returns whether its lease may be renewed (the node is watched at this incarnation and not
   * declared down).
   */
  public boolean heartbeat(String nodeId, long incarnation, Heartbeat h, long receivedNanos) {
    liveness.record(nodeId, h, receivedNanos);
    if (!detector.heartbeat(nodeId, incarnation)) {
      return false;
    }
    leases.renewed(nodeId, ports.monotonicClock().millis());
    confirmations.heartbeat(nodeId, h);
    return true;
  }

  /** Why a node registering now would be held suspect, or null; changes nothing. */
  public String holdReason(String nodeId) {
    return detector.holdReason(nodeId);
  }

  /** The node's registration was committed: watch it from now on. */
  public void registered(String nodeId, long incarnation) {
    detector.registered(nodeId, incarnation);
    failover.reassert(nodeId, incarnation, detector);
    placement.nodeJoined(); // a node that joins gets streams now, not on the next rebalance timer
  }

  /** Whether the detector watches {@code nodeId} as connected. */
  public boolean watches(String nodeId) {
    return detector.isConnected(nodeId);
  }

  /** The node's session at {@code incarnation} closed or broke. */
  public void sessionClosed(String nodeId, long incarnation, String reason) {
    liveness.forget(nodeId);
    confirmations.forget(nodeId);
    detector.sessionClosed(nodeId, incarnation, reason);
  }

  /** The newest verdict of each zone rule, while this server leads (metrics). */
  public java.util.Map<String, io.streamfleet.server.rules.RuleVerdict> ruleVerdicts() {
    return rules.verdicts();
  }

  /** Sends every connected node its desired set (if changed). */
  public void requestPush() {
    pusher.requestPush();
  }

  // ---- operators ----

  /** A bounded rebalancing round (see {@link PlacementController#rebalance}). */
  public RebalancePlan rebalance(int maxMoves, boolean dryRun, String actor) {
    return placement.rebalance(maxMoves, dryRun, actor);
  }

  /** Failover durations, measured here; the server's metrics subscribe. */
  public FailoverTimes failoverTimes() {
    return failoverTimes;
  }

  public NodeLiveness liveness() {
    return liveness;
  }

  public FailureDetector detector() {
    return detector;
  }

  /** Nodes this server has declared down since it started (a false-alarm counter for benchmarks). */
  public long nodesDeclaredDown() {
    return failover.downCount();
  }
}
