package io.streamfleet.simulation;

import io.streamfleet.agent.driver.InstanceListener;
import io.streamfleet.agent.driver.InstanceUsage;
import io.streamfleet.agent.driver.ProcessorDriver;
import io.streamfleet.agent.driver.ProcessorHandle;
import io.streamfleet.model.job.JobIds;
import io.streamfleet.protocol.v1.DesiredInstance;
import io.streamfleet.protocol.v1.JobOutcome;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * The processor driver of a simulated agent, behaving as the exec driver and its supervisor do:
 * an instance is a process of its own, alive in {@link RunningInstances} from its start until it
 * is stopped or killed; it reports that it runs (its first frame) a little later, as an event of
 * its agent. Exclusive processes are guarded by the agent's {@link SimulatedWatchdog}; one the
 * watchdog killed is restarted by its supervisor after the first restart delay, once the lease
 * holds again, unless it was stopped meanwhile. How long a stop takes is {@link
 * #stopAfterItsTime}'s business: the reconciler calls {@code stop()} when the process is gone.
 *
 * <p>An instance with a job ({@code job:ID}) is one attempt of a batch job, run as the exec
 * driver's {@code JobRunner} runs it: see {@link JobProcess}.
 */
final class SimulatedDriver implements ProcessorDriver {
  /** How the driver schedules work: on its agent (paused and killed with it), or on the processes' own time. */
  interface Timer {
    /** {@code who}: the node, and for a job attempt's events the attempt. */
    void later(long delayMs, String what, String who, Runnable action);
  }

  /** The agent's SIGTERM grace: a process that ignores SIGTERM is SIGKILLed this long after. */
  static final long STOP_GRACE_MS = 5_000;
  /** RestartPolicy's first delay, and ProcessSupervisor's lease poll. */
  static final long RESTART_DELAY_MS = 1_000;
  static final long LEASE_POLL_MS = 50;
  /** How long a job attempt runs before it exits by itself, unless its params say ({@link #RUN_FOR_MS}). */
  static final long JOB_MIN_RUN_MS = 200;
  static final long JOB_MAX_RUN_MS = 4_000;
  /** Percent of job attempts that exit with code 1, unless their params say ({@link #EXIT_CODE}). */
  static final int JOB_FAILURE_PERCENT = 15;
  /** A job param that fixes how long its attempts run (hand-written scenarios), like the fake processor's --run-for. */
  static final String RUN_FOR_MS = "sim.run_for_ms";
  /** A job param that fixes its attempts' exit code, like the fake processor's --exit-code. */
  static final String EXIT_CODE = "sim.exit_code";
  /** What the exec driver reports for a process group the watchdog SIGKILLed: the JVM's 128 + 9. */
  static final int KILLED_EXIT_CODE = 137;

  private final String node;
  private final long incarnation;
  private final RunningInstances world;
  private final Timer timer;
  private final Timer processes;
  private final Random random;
  private final LongSupplier clock;
  private final SimulatedWatchdog watchdog;
  private final Cameras cameras;
  /** This agent's stream instances that have not ended, told when their camera goes or comes back. */
  private final java.util.Set<Supervised> live = new java.util.LinkedHashSet<>();

  /**
   * @param timer runs the driver's callbacks on the agent (they wait while it is paused, and die with it)
   * @param processes runs what processes do by themselves (a job attempt exits), whatever the agent does
   */
  SimulatedDriver(String node, long incarnation, RunningInstances world, Timer timer, Timer processes, Random random,
      LongSupplier clock, SimulatedWatchdog watchdog, Cameras cameras) {
    this.node = node;
    this.incarnation = incarnation;
    this.world = world;
    this.timer = timer;
    this.processes = processes;
    this.random = random;
    this.clock = clock;
    this.watchdog = watchdog;
    this.cameras = cameras;
    cameras.watch(this::cameraChanged);
  }

  /** Each instance of {@code streamId} here notices a little later, on the agent (a paused agent notices when it runs again). */
  private void cameraChanged(String streamId) {
    for (Supervised s : java.util.List.copyOf(live)) {
      if (s.desired.getStreamId().equals(streamId)) {
        timer.later(1 + random.nextLong(50), "camera " + (cameras.isAway(streamId) ? "away" : "back"), node, s::cameraChanged);
      }
    }
  }

  /**
   * The reconciler's stopper: each stop returns when its process is gone. Most processors exit
   * within a second of SIGTERM; some take seconds, some ignore it and are SIGKILLed after the grace.
   * The stop runs on the agent (a thread of its JVM), so a paused agent finishes it only later.
   */
  void stopAfterItsTime(Runnable stop) {
    int kind = random.nextInt(10);
    long exitMs = kind < 6 ? random.nextLong(200) : kind < 9 ? random.nextLong(4_000) : 5_000 + random.nextLong(5_000);
    timer.later(Math.min(exitMs, STOP_GRACE_MS), "stop returns", node, stop);
  }

  @Override
  public ProcessorHandle start(DesiredInstance d, InstanceListener listener) {
    if (d.hasJob()) {
      JobProcess j = new JobProcess(d, listener);
      j.launch();
      return j;
    }
    Supervised s = new Supervised(d, listener);
    s.launch();
    return s;
  }

  /**
   * One instance and its supervisor. While its camera is away it says degraded (at its first
   * frame's time, or when the camera goes) and running again when the camera is back.
   */
  private final class Supervised implements ProcessorHandle, SimulatedWatchdog.Guarded {
    private final DesiredInstance desired;
    private final InstanceListener listener;
    private RunningInstances.Instance process;
    private boolean ended;
    /** Its first frame's time has come: it has said running or degraded. */
    private boolean connected;

    Supervised(DesiredInstance desired, InstanceListener listener) {
      this.desired = desired;
      this.listener = listener;
    }

    void launch() {
      RunningInstances.Instance p = new RunningInstances.Instance(node, incarnation, desired.getStreamId(), desired.getEpoch(),
          desired.getExclusive(), clock.getAsLong());
      process = p;
      world.started(p);
      if (desired.getExclusive()) {
        watchdog.guard(this);
      }
      live.add(this);
      connected = false;
      timer.later(5 + random.nextLong(145), "first frame", node, () -> {
        if (!ended && process == p) {
          connected = true;
          sayCameraState();
        }
      });
    }

    void cameraChanged() {
      if (!ended && connected) {
        sayCameraState();
      }
    }

    private void sayCameraState() {
      if (cameras.isAway(desired.getStreamId())) {
        listener.degraded("camera away (simulated)");
      } else {
        listener.running();
      }
    }

    @Override
    public void killedByWatchdog() {
      world.stopped(process);
      connected = false;
      timer.later(RESTART_DELAY_MS, "supervisor restarts", node, this::restartWhenTheLeaseHolds);
    }

    private void restartWhenTheLeaseHolds() {
      if (ended) {
        return;
      }
      if (!watchdog.leaseHolds()) {
        timer.later(LEASE_POLL_MS, "supervisor waits for the lease", node, this::restartWhenTheLeaseHolds);
        return;
      }
      launch();
    }

    @Override
    public void stop() {
      end();
    }

    @Override
    public void kill() {
      end();
    }

    private void end() {
      ended = true;
      live.remove(this);
      world.stopped(process);
      watchdog.unguard(this);
    }

    @Override
    public InstanceUsage usage() {
      return InstanceUsage.NONE;
    }
  }

  /**
   * One job attempt, as {@code JobRunner} runs it: a process started once and never restarted,
   * said to be running as soon as it started; it exits by itself after 200 ms to 4 s (exit code 0,
   * or now and then 1), and once it is gone the agent hears the outcome ({@link
   * InstanceListener#finished}). A process the watchdog SIGKILLs is gone at once and ends with a
   * failed outcome (exit code 137), heard when the agent runs again. One the agent stops or kills
   * gives no outcome: the reconciler reports it STOPPED.
   */
  private final class JobProcess implements ProcessorHandle, SimulatedWatchdog.Guarded {
    private final DesiredInstance desired;
    private final InstanceListener listener;
    private final RunningInstances.Instance process;
    /** The process has exited, or was killed (by the watchdog, the agent, or with the agent). */
    private boolean gone;
    /** The agent stopped or killed it: no outcome. */
    private boolean ended;
    private boolean saidRunning;
    private boolean saidFinished;

    JobProcess(DesiredInstance desired, InstanceListener listener) {
      this.desired = desired;
      this.listener = listener;
      this.process = new RunningInstances.Instance(node, incarnation, desired.getStreamId(), desired.getEpoch(), desired.getExclusive(),
          clock.getAsLong());
    }

    void launch() {
      world.started(process);
      if (desired.getExclusive()) {
        watchdog.guard(this);
      }
      String runFor = desired.getParamsMap().get(RUN_FOR_MS);
      String exitCode = desired.getParamsMap().get(EXIT_CODE);
      long runMs = runFor != null ? Long.parseLong(runFor) : JOB_MIN_RUN_MS + random.nextLong(JOB_MAX_RUN_MS - JOB_MIN_RUN_MS + 1);
      int code = exitCode != null ? Integer.parseInt(exitCode) : random.nextInt(100) < JOB_FAILURE_PERCENT ? 1 : 0;
      timer.later(1 + random.nextLong(20), "job attempt runs", who(), this::sayRunning);
      processes.later(runMs, "job attempt exits", who(), () -> exitedByItself(code, runMs));
    }

    /** {@code node-2 job:job-4@2}. */
    private String who() {
      return node + " " + desired.getStreamId() + "@" + desired.getEpoch();
    }

    private void exitedByItself(int code, long runMs) {
      if (gone || !world.of(process.streamId()).contains(process)) {
        return; // killed meanwhile, or died with its agent
      }
      gone = true;
      watchdog.unguard(this);
      world.exited(process, code == 0 ? "succeeded" : "exit code " + code);
      JobOutcome outcome = outcome(code, runMs).setSucceeded(code == 0).build();
      timer.later(random.nextLong(5), "job attempt reports", who(), () -> sayFinished(outcome));
    }

    @Override
    public void killedByWatchdog() {
      if (gone) {
        return;
      }
      gone = true;
      world.stopped(process);
      JobOutcome outcome = outcome(KILLED_EXIT_CODE, clock.getAsLong() - process.startedAtMs()).build();
      timer.later(random.nextLong(5), "job attempt reports", who(), () -> sayFinished(outcome));
    }

    private JobOutcome.Builder outcome(int code, long wallMs) {
      JobOutcome.Builder b = JobOutcome.newBuilder().setJobId(JobIds.jobOf(desired.getStreamId())).setEpoch(desired.getEpoch())
          .setExitCode(code).setStartedAtMs(process.startedAtMs()).setWallMs(wallMs);
      if (code == KILLED_EXIT_CODE) {
        b.setReason("exit code 137 (killed by signal 9)");
      } else if (code != 0) {
        b.setReason("exit code " + code);
      }
      return b;
    }

    private void sayRunning() {
      if (!ended && !saidRunning) {
        saidRunning = true;
        listener.running();
      }
    }

    /** Once the process group is gone; never after the agent ended the attempt. */
    private void sayFinished(JobOutcome outcome) {
      if (ended || saidFinished) {
        return;
      }
      sayRunning(); // the runner said so when the process started, before anything else
      saidFinished = true;
      listener.finished(outcome);
    }

    @Override
    public void stop() {
      end();
    }

    @Override
    public void kill() {
      end();
    }

    private void end() {
      ended = true;
      gone = true;
      world.stopped(process);
      watchdog.unguard(this);
    }

    @Override
    public InstanceUsage usage() {
      return InstanceUsage.NONE;
    }
  }
}
