package io.streamfleet.agent.exec;

import io.streamfleet.agent.driver.InstanceListener;
import io.streamfleet.agent.driver.InstanceUsage;
import io.streamfleet.agent.driver.ProcessorDriver;
import io.streamfleet.agent.driver.ProcessorHandle;
import io.streamfleet.agent.hardware.ProcessUsage;
import io.streamfleet.agent.hardware.UsageSampler;
import io.streamfleet.model.ExecPolicy;
import io.streamfleet.protocol.v1.DesiredInstance;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.LongFunction;
import java.util.function.Supplier;

/**
 * The {@code exec} driver: runs each instance as a supervised child process (see {@link
 * ProcessSupervisor}) in its own process group. Usage combines the processor's own stdout metrics
 * with CPU and memory of its process tree. An instance with a {@code job} is one attempt of a
 * batch job instead: run once, never restarted, and reported by its outcome (see {@link JobRunner}).
 *
 * <p>Call {@link #reapOrphans()} once at agent start, before starting instances.
 */
public final class ExecDriver implements ProcessorDriver, AutoCloseable {
  private final String nodeId;
  private final Path dataDir;
  private final LongFunction<ProcessUsage> treeUsage;
  private final ProcessLauncher launcher;
  private final Supplier<RestartPolicy> policies;
  private final Orphans orphans;
  private final ExclusiveGuard exclusiveGuard;
  private final ExecPolicy policy;
  private final JobTiming jobTiming;

  /** @param policy which programs this agent runs; anything else is refused with the reason */
  public ExecDriver(String nodeId, Path dataDir, UsageSampler sampler, ExclusiveGuard exclusiveGuard, ExecPolicy policy) {
    this(nodeId, dataDir, sampler::sampleProcessTree, new ProcessLauncher(), RestartPolicy::defaults, exclusiveGuard, policy);
  }

  /**
   * @param treeUsage CPU and memory of the process tree under a pid
   * @param policies a fresh restart policy per instance
   */
  public ExecDriver(String nodeId, Path dataDir, LongFunction<ProcessUsage> treeUsage, ProcessLauncher launcher,
      Supplier<RestartPolicy> policies) {
    this(nodeId, dataDir, treeUsage, launcher, policies, ExclusiveGuard.NONE, ExecPolicy.ANY);
  }

  /** @param exclusiveGuard kills exclusive instances' groups when the lease runs out, even if this JVM cannot */
  public ExecDriver(String nodeId, Path dataDir, LongFunction<ProcessUsage> treeUsage, ProcessLauncher launcher,
      Supplier<RestartPolicy> policies, ExclusiveGuard exclusiveGuard, ExecPolicy policy) {
    this(nodeId, dataDir, treeUsage, launcher, policies, exclusiveGuard, policy, JobTiming.system());
  }

  /** @param jobTiming the clocks and timer of job attempts (their sampling and timeouts) */
  public ExecDriver(String nodeId, Path dataDir, LongFunction<ProcessUsage> treeUsage, ProcessLauncher launcher,
      Supplier<RestartPolicy> policies, ExclusiveGuard exclusiveGuard, ExecPolicy policy, JobTiming jobTiming) {
    this.policy = policy;
    this.jobTiming = jobTiming;
    this.nodeId = nodeId;
    this.dataDir = dataDir;
    this.treeUsage = treeUsage;
    this.launcher = launcher;
    this.policies = policies;
    this.orphans = new Orphans(dataDir);
    this.exclusiveGuard = exclusiveGuard;
  }

  /** Stops processors a previous agent left running; returns their stream ids. */
  public List<String> reapOrphans() throws InterruptedException {
    return orphans.reap(launcher);
  }

  @Override
  public ProcessorHandle start(DesiredInstance d, InstanceListener listener) {
    // The leader places exec streams only on nodes that allow them; this is the node's own word.
    List<String> argv = d.getProcessor().getCommandList();
    String refusal = policy.refusal(argv.isEmpty() ? "" : argv.get(0));
    if (refusal != null) {
      throw new IllegalArgumentException(refusal);
    }
    ExecCommand command;
    try {
      command = ExecCommand.of(d, nodeId, dataDir);
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot create the data directory of stream " + d.getStreamId()
          + " under " + dataDir + ": " + e.getMessage(), e);
    }
    ExclusiveGuard guard = d.getExclusive() ? exclusiveGuard : ExclusiveGuard.NONE;
    if (d.hasJob()) {
      JobRunner job = new JobRunner(d, command, launcher, treeUsage, listener, orphans, guard, jobTiming);
      job.start();
      return job;
    }
    Readiness readiness = Readiness.of(d.getProcessor());
    ProcessSupervisor supervisor = new ProcessSupervisor(d.getStreamId(), command, readiness, launcher,
        policies.get(), listener, orphans, System::currentTimeMillis, guard);
    supervisor.start();
    return new ExecHandle(supervisor, treeUsage);
  }

  @Override
  public void close() {
    launcher.close();
  }

  /** A started exec instance. */
  public static final class ExecHandle implements ProcessorHandle {
    private final ProcessSupervisor supervisor;
    private final LongFunction<ProcessUsage> treeUsage;

    ExecHandle(ProcessSupervisor supervisor, LongFunction<ProcessUsage> treeUsage) {
      this.supervisor = supervisor;
      this.treeUsage = treeUsage;
    }

    @Override
    public void stop() {
      supervisor.stop();
    }

    @Override
    public void kill() {
      supervisor.kill();
    }

    @Override
    public InstanceUsage usage() {
      ProcessSupervisor.Metrics m = supervisor.metrics();
      OptionalLong pid = supervisor.pid();
      ProcessUsage tree = pid.isPresent() ? treeUsage.apply(pid.getAsLong()) : ProcessUsage.NONE;
      long ago = m.atNanos() < 0 ? -1 : (System.nanoTime() - m.atNanos()) / 1_000_000;
      return new InstanceUsage(m.fps(), m.latencyMs(), m.framesDropped(), ago, tree.cpuPercent(), tree.rssBytes());
    }

    /** How often the instance was restarted, for ProcessorStatus.restarts. */
    public int restarts() {
      return supervisor.restarts();
    }
  }
}
