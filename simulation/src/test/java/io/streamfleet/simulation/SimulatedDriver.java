package io.streamfleet.simulation;

import io.streamfleet.agent.driver.InstanceListener;
import io.streamfleet.agent.driver.InstanceUsage;
import io.streamfleet.agent.driver.ProcessorDriver;
import io.streamfleet.agent.driver.ProcessorHandle;
import io.streamfleet.protocol.v1.DesiredInstance;
import java.util.Random;
import java.util.function.LongSupplier;

/**
 * The processor driver of a simulated agent: starting and stopping take effect at once in
 * {@link RunningInstances}; the instance reports that it runs (its first frame) a little later,
 * as an event of its agent, so a paused agent hears of it only when it resumes.
 */
final class SimulatedDriver implements ProcessorDriver {
  /** How the driver schedules work on its agent. */
  interface AgentTimer {
    void later(long delayMs, String what, Runnable action);
  }

  private final String node;
  private final long incarnation;
  private final RunningInstances world;
  private final AgentTimer timer;
  private final Random random;
  private final LongSupplier clock;

  SimulatedDriver(String node, long incarnation, RunningInstances world, AgentTimer timer, Random random, LongSupplier clock) {
    this.node = node;
    this.incarnation = incarnation;
    this.world = world;
    this.timer = timer;
    this.random = random;
    this.clock = clock;
  }

  @Override
  public ProcessorHandle start(DesiredInstance d, InstanceListener listener) {
    RunningInstances.Instance instance = new RunningInstances.Instance(node, incarnation, d.getStreamId(), d.getEpoch(),
        d.getExclusive(), clock.getAsLong());
    world.started(instance);
    boolean[] stopped = {false};
    timer.later(5 + random.nextLong(145), "first frame", () -> {
      if (!stopped[0]) {
        listener.running();
      }
    });
    return new ProcessorHandle() {
      @Override
      public void stop() {
        if (!stopped[0]) {
          stopped[0] = true;
          world.stopped(instance);
        }
      }

      @Override
      public InstanceUsage usage() {
        return InstanceUsage.NONE;
      }
    };
  }
}
