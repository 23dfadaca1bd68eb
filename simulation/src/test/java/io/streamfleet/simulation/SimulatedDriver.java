package io.streamfleet.simulation;

import io.streamfleet.agent.driver.InstanceListener;
import io.streamfleet.agent.driver.InstanceUsage;
import io.streamfleet.agent.driver.ProcessorDriver;
import io.streamfleet.agent.driver.ProcessorHandle;
import io.streamfleet.protocol.v1.DesiredInstance;
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
 */
final class SimulatedDriver implements ProcessorDriver {
  /** How the driver schedules work on its agent. */
  interface AgentTimer {
    void later(long delayMs, String what, Runnable action);
  }

  /** The agent's SIGTERM grace: a process that ignores SIGTERM is SIGKILLed this long after. */
  static final long STOP_GRACE_MS = 5_000;
  /** RestartPolicy's first delay, and ProcessSupervisor's lease poll. */
  static final long RESTART_DELAY_MS = 1_000;
  static final long LEASE_POLL_MS = 50;

  private final String node;
  private final long incarnation;
  private final RunningInstances world;
  private final AgentTimer timer;
  private final Random random;
  private final LongSupplier clock;
  private final SimulatedWatchdog watchdog;

  SimulatedDriver(String node, long incarnation, RunningInstances world, AgentTimer timer, Random random, LongSupplier clock,
      SimulatedWatchdog watchdog) {
    this.node = node;
    this.incarnation = incarnation;
    this.world = world;
    this.timer = timer;
    this.random = random;
    this.clock = clock;
    this.watchdog = watchdog;
  }

  /**
   * The reconciler's stopper: each stop returns when its process is gone. Most processors exit
   * within a second of SIGTERM; some take seconds, some ignore it and are SIGKILLed after the grace.
   * The stop runs on the agent (a thread of its JVM), so a paused agent finishes it only later.
   */
  void stopAfterItsTime(Runnable stop) {
    int kind = random.nextInt(10);
    long exitMs = kind < 6 ? random.nextLong(200) : kind < 9 ? random.nextLong(4_000) : 5_000 + random.nextLong(5_000);
    timer.later(Math.min(exitMs, STOP_GRACE_MS), "stop returns", stop);
  }

  @Override
  public ProcessorHandle start(DesiredInstance d, InstanceListener listener) {
    Supervised s = new Supervised(d, listener);
    s.launch();
    return s;
  }

  /** One instance and its supervisor. */
  private final class Supervised implements ProcessorHandle, SimulatedWatchdog.Guarded {
    private final DesiredInstance desired;
    private final InstanceListener listener;
    private RunningInstances.Instance process;
    private boolean ended;

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
      timer.later(5 + random.nextLong(145), "first frame", () -> {
        if (!ended && process == p) {
          listener.running();
        }
      });
    }

    @Override
    public void killedByWatchdog() {
      world.stopped(process);
      timer.later(RESTART_DELAY_MS, "supervisor restarts", this::restartWhenTheLeaseHolds);
    }

    private void restartWhenTheLeaseHolds() {
      if (ended) {
        return;
      }
      if (!watchdog.leaseHolds()) {
        timer.later(LEASE_POLL_MS, "supervisor waits for the lease", this::restartWhenTheLeaseHolds);
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
      world.stopped(process);
      watchdog.unguard(this);
    }

    @Override
    public InstanceUsage usage() {
      return InstanceUsage.NONE;
    }
  }
}
