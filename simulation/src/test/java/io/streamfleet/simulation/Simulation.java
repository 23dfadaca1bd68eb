package io.streamfleet.simulation;

import io.streamfleet.model.command.CommandMeta;
import io.streamfleet.model.command.CordonNode;
import io.streamfleet.model.command.CreateStream;
import io.streamfleet.model.command.SubmitJobs;
import io.streamfleet.model.job.JobRecord;
import io.streamfleet.model.job.JobState;
import io.streamfleet.server.failover.DetectorSettings;
import io.streamfleet.testing.ManualClock;
import io.streamfleet.server.state.ClusterState;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * One seeded run: wires the simulated leader, agents and network over one event loop, plays a
 * {@link Schedule}, checks the safety invariants after every step, and after the last fault has
 * healed (and the last job was submitted) waits, at most {@value #CONVERGENCE_LIMIT_MS} ms, for
 * the cluster to converge and stay so for {@value #STABLE_FOR_MS} ms: every stream runs where it
 * is assigned, every job has finished. Everything random comes from the schedule's seed.
 */
final class Simulation {
  /** Simulated wall-clock start (agent incarnations are taken from the clock, as real agents do). */
  static final long T0 = 1_700_000_000_000L;
  /**
   * Ample for streams (a lease, a margin, a reconnect backoff of up to 5 s and a 10 s stop), and
   * for jobs, which may have to wait for room: up to 30 s for a node held suspect for flapping
   * (when the only ready node holds every stream), then up to 3 attempts of at most 4 s with
   * backoffs of at most 1 s, a fenced attempt waiting a lease plus the margin and the
   * dispatcher's 1 s tick. Only a run that fails waits this long.
   */
  static final long CONVERGENCE_LIMIT_MS = 60_000;
  static final long STABLE_FOR_MS = 1_000;
  static final DetectorSettings SETTINGS = DetectorSettings.DEFAULTS;

  /**
   * @param echoTrace print every event (to follow one seed)
   * @param keepHistory record every instance start and stop (for scenario assertions)
   */
  record Options(boolean echoTrace, boolean keepHistory) {
    static final Options QUIET = new Options(false, false);
  }

  /**
   * What a finished run leaves behind.
   *
   * @param jobs what became of the schedule's jobs
   */
  record Result(long seed, long steps, long traceHash, long simulatedMs, long nodesDeclaredDown, JobCounts jobs) {}

  /** The schedule's jobs at the end of a run: how many, how they ended, their counted attempts and their preemptions. */
  record JobCounts(long jobs, long succeeded, long failed, long attempts, long preemptions) {
    static final JobCounts NONE = new JobCounts(0, 0, 0, 0, 0);

    JobCounts plus(JobCounts o) {
      return new JobCounts(jobs + o.jobs, succeeded + o.succeeded, failed + o.failed, attempts + o.attempts, preemptions + o.preemptions);
    }
  }

  private final Schedule schedule;
  private final ManualClock clock = new ManualClock(T0);
  private final Trace trace;
  private final EventLoop loop;
  private final RunningInstances world;
  private final Cameras cameras = new Cameras();
  private final Network network;
  private final CommittedState committed;
  private final Invariants invariants;
  private final SimulatedAgent.Environment agentEnvironment;
  private final Random random;
  private final Map<String, SimulatedAgent> agents = new TreeMap<>();
  /** Drains the schedule started, by fault, and the node each drains: ending the fault uncordons it. */
  private final Map<Fault.StreamChange, String> drains = new HashMap<>();
  private final java.util.List<SimulatedServer> servers = new java.util.ArrayList<>();
  private SimulatedServer leader;
  private int leadersSoFar;
  private long faultChanges;
  private long checkedVersion = -1;

  Simulation(Schedule schedule, Options options) {
    this.schedule = schedule;
    this.trace = new Trace(T0, options.echoTrace());
    this.loop = new EventLoop(clock, trace);
    this.random = new Random(~schedule.seed());
    this.world = new RunningInstances(loop, trace, options.keepHistory());
    this.network = new Network(loop, random, trace);
    this.committed = new CommittedState(loop, trace);
    this.invariants = new Invariants(committed.read(), world, agents::get);
    this.agentEnvironment = new SimulatedAgent.Environment(loop, network, random, world, cameras, () -> leader);
  }

  /** Runs {@code schedule} to the end; throws {@link SimulationFailure} when a property breaks. */
  static Result run(Schedule schedule, Options options) {
    Simulation sim = new Simulation(schedule, options);
    sim.start();
    sim.runUntil(schedule.healAtMs());
    sim.awaitConvergence();
    return sim.result();
  }

  /** The first leader starts, and the schedule's agents, streams, jobs and faults are queued. */
  void start() {
    newLeaderElected();
    for (NodePlan n : schedule.nodes()) {
      loop.at(T0 + n.startAtMs(), "agent starts", n.id(), () -> startAgent(n, clock.millis()));
    }
    for (StreamPlan s : schedule.streams()) {
      loop.at(T0 + s.createAtMs(), "stream created", s.spec().id(),
          () -> committed.submit(new CreateStream(new CommandMeta(clock.millis(), "operator", "api"), s.spec())));
    }
    for (JobPlan j : schedule.jobs()) {
      loop.at(T0 + j.submitAtMs(), "job submitted", j.spec().id(),
          () -> committed.submit(new SubmitJobs(new CommandMeta(clock.millis(), "operator", "api"), java.util.List.of(j.spec()))));
    }
    schedule.faults().forEach(this::schedule);
  }

  /** Queues {@code fault} to begin and end at its times (relative to the start of the run). */
  void schedule(Fault fault) {
    String who = fault.toString();
    loop.at(T0 + fault.atMs(), "fault begins", who, () -> {
      faultChanges++;
      fault.begin(this);
    });
    loop.at(T0 + fault.endMs(), "fault ends", who, () -> {
      faultChanges++;
      fault.end(this);
    });
  }

  /** Runs every step due until {@code relativeMs} into the run, checking safety after each. */
  void runUntil(long relativeMs) {
    while (loop.step(T0 + relativeMs)) {
      checkSafety();
    }
  }

  /**
   * Checks safety after a step. The properties are functions of the running instances, the
   * committed state and (through the known-gap excuses) the faults; a step that changed none of
   * them cannot have changed the verdict, so the check is skipped (most steps are heartbeats and
   * lease checks).
   */
  private void checkSafety() {
    long version = world.version() + committed.lastIndex() + faultChanges;
    if (version != checkedVersion) {
      checkedVersion = version;
      String violation = invariants.safetyViolation();
      if (violation != null) {
        throw failure(violation);
      }
    }
  }

  private void awaitConvergence() {
    long limit = loop.now() + CONVERGENCE_LIMIT_MS;
    long seen = -1;
    long convergedSince = -1;
    while (loop.step(limit)) {
      checkSafety();
      long version = world.version() + committed.lastIndex();
      if (version != seen) {
        seen = version;
        convergedSince = invariants.unconverged() != null ? -1 : convergedSince >= 0 ? convergedSince : loop.now();
      }
      if (convergedSince >= 0 && loop.now() - convergedSince >= STABLE_FOR_MS) {
        return;
      }
    }
    String why = invariants.unconverged();
    throw failure((why == null ? "invariants 4 and 7 hold only at the very end" : why) + " (" + CONVERGENCE_LIMIT_MS / 1000
        + " s after the last fault healed)");
  }

  private SimulationFailure failure(String what) {
    return new SimulationFailure(schedule.seed(), loop.steps(), loop.now() - T0, what, schedule, trace.tail());
  }

  Result result() {
    long downs = servers.stream().mapToLong(SimulatedServer::downs).sum();
    JobCounts jobs = JobCounts.NONE;
    for (JobRecord j : committed.read().jobs()) {
      jobs = jobs.plus(new JobCounts(1, j.state() == JobState.SUCCEEDED ? 1 : 0, j.state() == JobState.FAILED ? 1 : 0, j.attempts(),
          j.preemptions()));
    }
    return new Result(schedule.seed(), loop.steps(), trace.hash(), loop.now() - T0, downs, jobs);
  }

  private void startAgent(NodePlan plan, long incarnation) {
    SimulatedAgent agent = new SimulatedAgent(plan, incarnation, agentEnvironment);
    agents.put(plan.id(), agent);
    agent.start();
  }

  // ---- faults ----

  void crash(String node) {
    agents.get(node).crash();
  }

  /** A new agent process: a new incarnation, taken from the clock as the real agent does. */
  void restart(String node) {
    SimulatedAgent old = agents.get(node);
    NodePlan plan = schedule.nodes().stream().filter(n -> n.id().equals(node)).findFirst().orElseThrow();
    startAgent(plan, Math.max(clock.millis(), old.incarnation() + 1));
  }

  /** The leader learns at once that it lost (a clean step-down); agents look for the next one. */
  void leaderLost() {
    leader.lostLeadership();
    leader = null;
  }

  void newLeaderElected() {
    leader = new SimulatedServer("server-" + ++leadersSoFar, SETTINGS, loop, clock, network, committed, random);
    servers.add(leader);
    leader.becameLeader();
  }

  /**
   * The leader is cut off from its peers but does not know it yet: nothing it proposes commits, it
   * keeps its agent sessions, and it goes on acting (acknowledging heartbeats while its last
   * majority contact is fresh) until it steps down {@code noticesAfterMs} later. A new leader is
   * elected after {@code electionMs}; agents find it when their session with the old one ends.
   */
  void leaderDeposed(long electionMs, long noticesAfterMs) {
    SimulatedServer old = leader;
    old.cutOffFromPeers();
    leader = null;
    loop.after(electionMs, "election", "cluster", this::newLeaderElected);
    loop.after(noticesAfterMs, "steps down", old.id(), old::lostLeadership);
  }

  /** The leader's wall clock steps by {@code deltaMs} (NTP, an operator, a resumed VM). */
  void leaderClockStep(long deltaMs) {
    if (leader != null) {
      leader.stepWallClock(deltaMs);
    }
  }

  private final Map<String, io.streamfleet.model.StreamSpec> deleted = new TreeMap<>();

  void rememberForRecreate(io.streamfleet.model.StreamSpec spec) {
    deleted.put(spec.id(), spec);
  }

  /** The operator creates a deleted stream again, with the same id and spec. */
  void recreate(String streamId) {
    io.streamfleet.model.StreamSpec spec = deleted.remove(streamId);
    if (spec != null) {
      committed.submit(new CreateStream(new CommandMeta(clock.millis(), "operator", "api"), spec));
    }
  }

  void drainStarted(Fault.StreamChange change, String node) {
    drains.put(change, node);
  }

  /** The operator ends a drain (uncordon), drained or not. */
  void endDrain(Fault.StreamChange change) {
    String node = drains.remove(change);
    if (node != null) {
      committed.submit(new CordonNode(new CommandMeta(clock.millis(), "operator", "api"), node, false));
    }
  }

  /** An operator (or the scheduler) changes a stream: the command goes straight to the log. */
  void streamChange(Fault.StreamChange change) {
    change.apply(this, committed, clock.millis());
  }

  // ---- for scenario tests ----

  Network network() {
    return network;
  }

  SimulatedAgent agent(String node) {
    return agents.get(node);
  }

  SimulatedServer leader() {
    return leader;
  }

  ClusterState state() {
    return committed.read();
  }

  RunningInstances world() {
    return world;
  }

  Cameras cameras() {
    return cameras;
  }

  /** Milliseconds since the start of the run. */
  long now() {
    return loop.now() - T0;
  }

  long traceHash() {
    return trace.hash();
  }
}
